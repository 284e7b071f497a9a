// The rectification screens' own words (statuses and timeline entries come
// from the domain vocabulary).
import { dictionary } from '../i18n';

export const t = dictionary({
  rectifications: '整改', shopHistory: '该商铺的整改记录', search: '搜索问题、商铺、楼层', shop: '商铺', allShops: '全部商铺', show: '显示',
  todo: '待处理', overdue: '已逾期', soon: '即将到期', recheck: '待复查', verified: '已复查', all: '全部', none: '没有符合条件的整改单',
  doneAt: '{t} 整改完成，待复查', justNow: '刚刚', verifiedAt: '{t} 复查通过', deadline: '期限', overdueBy: '逾期 {t}', dueIn: '{t}后到期',
  notOnPhone: '本机没有这张整改单（可能已复查超过 90 天或不属于您的商场）', floor: '楼层', inspection: '来源', openInspection: '查看巡检记录',
  doneNote: '整改说明', verifyNote: '复查说明', returnReason: '退回原因', photos: '照片', donePhotos: '整改照片', verifyPhotos: '复查照片',
  timeline: '整改记录', photosN: '照片 {n} 张', unsent: '待发送', emptyTimeline: '暂无记录（同步后显示）', next: '下一步',
  do_done: '记录整改完成', do_verified: '复查通过', do_returned: '复查不合格，退回',
  photoN: '照片 {n}', removePhoto: '删除照片 {n}', newDeadline: '新的整改期限',
  stillNeeded: '还需要', need_done_photos: '整改照片', need_verify_photos: '复查照片', need_verify_note: '退回原因', need_deadline: '晚于今天的新期限',
  cancel: '取消', confirm: '确定', wEdit: '修改',
}, {
  rectifications: 'Rectifications', shopHistory: 'Rectifications of this shop', search: 'Search issue, shop, floor', shop: 'Shop', allShops: 'All shops', show: 'Show',
  todo: 'To do', overdue: 'Overdue', soon: 'Due soon', recheck: 'To re-check', verified: 'Verified', all: 'All', none: 'No matching rectifications',
  doneAt: 'fixed {t}, to re-check', justNow: 'just now', verifiedAt: 're-check passed {t}', deadline: 'Due', overdueBy: 'overdue {t}', dueIn: 'due in {t}',
  notOnPhone: 'This rectification is not on this phone (verified more than 90 days ago or another mall)', floor: 'Floor', inspection: 'From', openInspection: 'Open the inspection',
  doneNote: 'What was done', verifyNote: 'Re-check note', returnReason: 'Why it is returned', photos: 'Photos', donePhotos: 'Photos of the fix', verifyPhotos: 'Re-check photos',
  timeline: 'Timeline', photosN: '{n} photos', unsent: 'Unsent', emptyTimeline: 'Nothing yet (shown after sync)', next: 'Next step',
  do_done: 'Record the fix', do_verified: 'Re-check passed', do_returned: 'Re-check failed: return',
  photoN: 'Photo {n}', removePhoto: 'Remove photo {n}', newDeadline: 'New deadline',
  stillNeeded: 'Still needed', need_done_photos: 'a photo of the fix', need_verify_photos: 'a re-check photo', need_verify_note: 'the reason', need_deadline: 'a new deadline after today',
  cancel: 'Cancel', confirm: 'Confirm', wEdit: 'changed',
});
