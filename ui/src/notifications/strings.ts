import { dictionary } from '../i18n';

export const tn = dictionary({
  inbox: '通知', unreadOnly: '未读', everything: '全部', markAllRead: '全部标为已读', empty: '没有通知',
  emptyUnread: '没有未读通知', unread: '未读', read: '已读', open: '打开', markRead: '标为已读',
  systemTitle: '系统通知', systemOn: '已开启：有新通知时，手机会像其他应用一样提醒（应用开着或在后台时）。',
  systemOff: '开启后，有新通知时手机会提醒您，即使应用在后台。', systemDenied: '浏览器已拒绝通知权限：请在浏览器的网站设置中允许通知。',
  systemUnsupported: '此浏览器不支持系统通知。', enable: '开启系统通知', notFound: '本机没有这条通知（可能已删除）',
  record: '相关记录', noScreen: '本机上没有这条记录的详细页面。', shop: '商铺', issue: '问题', deadline: '期限', status: '状态',
  floor: '楼层', target: '计划次数', inspectionsDone: '已完成', openComplaint: '打开投诉', openReports: '打开报表页', openPlans: '打开巡检计划',
  offlineRead: '已标为已读，联网后同步到您的其他设备',
}, {
  inbox: 'Notices', unreadOnly: 'Unread', everything: 'All', markAllRead: 'Mark all read', empty: 'No notices',
  emptyUnread: 'No unread notices', unread: 'unread', read: 'read', open: 'Open', markRead: 'Mark read',
  systemTitle: 'System notifications', systemOn: 'On: new notices alert this phone like any app (while the app is open or in the background).',
  systemOff: 'Turn on to be alerted of new notices even while the app is in the background.', systemDenied: 'The browser blocked notifications: allow them in the site settings.',
  systemUnsupported: 'This browser has no system notifications.', enable: 'Turn on system notifications', notFound: 'This notice is not on this phone (deleted?)',
  record: 'Record', noScreen: 'This phone has no screen for this record.', shop: 'Shop', issue: 'Issue', deadline: 'Deadline', status: 'Status',
  floor: 'Floor', target: 'Planned', inspectionsDone: 'Done', openComplaint: 'Open the complaint', openReports: 'Open reports', openPlans: 'Open inspection plans',
  offlineRead: 'Marked read; your other devices hear of it once online',
});
