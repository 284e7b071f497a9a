// Chinese first, English on a switch. The labels of select values come from
// the server's vocabulary (domain/); this holds the app's own words.
import { signal } from '@preact/signals';
import { vocab, type Term, type Vocab } from './domain';

export type Lang = 'zh' | 'en';
export const lang = signal<Lang>((globalThis.localStorage?.getItem('lang') as Lang) || 'zh');

export function setLang(l: Lang) {
  lang.value = l;
  localStorage.setItem('lang', l);
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
}

const zh = {
  app: '商场客服',
  signIn: '登录', email: '邮箱', password: '密码', signOut: '退出登录',
  signInFailed: '登录失败：邮箱或密码不正确',
  signInOffline: '当前离线，联网后才能登录',
  signInAgain: '登录已过期，请重新登录。未发送的记录会保留，登录后以您的账号发送。',
  signOutUnsent: '还有 {n} 条记录未发送。退出后它们会留在本机，直到再次登录才会发送。确定退出？',
  complaints: '投诉', newComplaint: '登记投诉', outbox: '待发送', settings: '设置',
  openList: '未结投诉', all: '全部', overdue: '已逾期', dueSoon: '即将到期', major: '重大', toCallback: '待回访', mine: '我登记的',
  search: '搜索编号、顾客、电话、内容', noComplaints: '没有符合条件的投诉',
  channel: '渠道', target: '投诉对象', shop: '商铺', none: '无', customerName: '顾客姓名', phone: '联系电话（顾客同意时）',
  description: '投诉事由', occurredAt: '发生时间', location: '地点', demand: '顾客诉求', severity: '严重程度',
  photos: '照片', addPhoto: '拍照 / 添加照片', removePhoto: '删除照片', save: '保存', cancel: '取消', saved: '已保存，将自动发送',
  mall: '商场', required: '必填',
  status: '状态', timeline: '处理记录', actions: '下一步', plan: '处理方案', resolutionType: '处理类型', amount: '金额（元）',
  verdict: '回访评价', callbackNote: '回访说明', withdrawReason: '撤诉原因', confirm: '确定', addNote: '添加备注', note: '备注',
  localRef: '本机编号', number: '投诉编号', waitingNumber: '待分配编号', readOnly: '巡检员只能查看投诉',
  planDue: '方案时限', feedbackDue: '反馈时限', callbackWindow: '回访时间', registeredAt: '登记时间',
  pendingSync: '待发送', failed: '发送失败', conflict: '冲突',
  conflictTitle: '您的操作没有生效', conflictBody: '服务器上的投诉已被他人更新：{msg}。现在显示的是最新状态。',
  dismiss: '知道了', retry: '重试', retryAll: '全部重试', discard: '放弃此条', discardConfirm: '放弃后这条记录不会再发送，且无法恢复。确定？',
  exportOutbox: '导出待发送记录到文件', outboxEmpty: '所有记录都已发送',
  lastSync: '上次同步', never: '从未', syncNow: '立即同步', syncing: '同步中…', offline: '离线', online: '在线',
  firstSync: '首次同步', unpacking: '数据已全部下载，正在整理 {pct}%（可照常使用）', loaded: '已载入 {n} 条', uploadingPhotos: '正在上传照片',
  storage: '存储', storageUse: '已用 {used} / 可用 {quota}', persisted: '浏览器已允许永久保存数据',
  notPersisted: '浏览器未允许永久保存：空间不足时数据可能被清除（iOS Safari 尤其如此）。请尽快联网同步，或将应用添加到主屏幕。',
  requestPersist: '申请永久保存', language: '语言', update: '有新版本', updateNow: '更新（待发送记录会保留）',
  account: '账号', role: '角色', back: '返回', created: '创建', photoProgress: '照片 {done}/{total}',
  waiting: '{n} 条待发送', allSent: '已全部发送', reason: '原因', detail: '详情', emptyTimeline: '暂无记录（同步后显示）',
  minutes: '{n} 分钟', hours: '{n} 小时', days: '{n} 天', dueIn: '{t}后到期', overdueBy: '逾期 {t}',
  install: '安装到主屏幕', justNow: '刚刚', ago: '{t}前', later: '稍后（继续离线工作）', retrying: '出错，稍后自动重试', storageFull: '手机存储快满了：请尽快联网同步，删除不需要的照片。', storageRisk: '有未发送的记录，且浏览器未允许永久保存数据。请尽快联网同步。', notOnPhone: '本机没有这条投诉（可能已结案、已删除或不属于您的商场）',
  // report page
  reports: '报表', rpOnlyAdmins: '只有管理员可以查看和生成报表。需要报表请联系本商场的管理员。',
  rpOffline: '当前离线：报表需要联网，联网后本页会自动载入。', rpServerError: '服务器出错，请稍后再试', rpLoadFailed: '无法载入：{msg}', rpLoading: '载入中…',
  rpKpis: '关键指标', rpThisWeek: '本周', rpThisMonth: '本月', rpPrev: '上一期', rpNext: '下一期', rpRunning: '进行中（截至现在）', rpFinal: '已结束',
  rpTarget: '目标 {t}', rpMet: '达标', rpNotMet: '未达标', rpNoData: '无数据', rpTotal: '考核总分：{n}',
  rpPerDay: '每日投诉数', rpByTarget: '投诉对象分布', rpTrend: '投诉受理数趋势', rpTrendRate: '一般投诉处理率趋势',
  rpDay: '日期', rpCount: '投诉数', rpPeriod: '周期', rpValue: '数值',
  rpList: '已生成的报表', rpNone: '还没有报表', rpDownload: '下载', rpDownloading: '正在获取链接…', rpUpdated: '生成于 {t}', rpSchedule: '定时生成', rpDemand: '手动生成',
  rpWeekly: '周报表', rpMonthly: '月考核表', rpKind: '报表类型', rpGenerate: '生成报表', rpGenerateBtn: '开始生成', rpMalls: '商场（可多选）', rpPickMall: '请至少选择一个商场',
  rpQueued: '排队中…', rpProgress: '正在生成：已完成 {done}/{total}', rpDone: '已生成（{malls}），见下方列表', rpFailed: '生成失败：{msg}',
};

type Dict = typeof zh;

const en: Dict = {
  app: 'Mall Care',
  signIn: 'Sign in', email: 'Email', password: 'Password', signOut: 'Sign out',
  signInFailed: 'Sign-in failed: wrong email or password',
  signInOffline: 'You are offline; sign in when the network is back',
  signInAgain: 'Your login expired. Please sign in again. Unsent records are kept and will be sent under your account.',
  signOutUnsent: '{n} records are not sent yet. They stay on this phone and are sent after the next sign-in. Sign out?',
  complaints: 'Complaints', newComplaint: 'New complaint', outbox: 'Outbox', settings: 'Settings',
  openList: 'Open complaints', all: 'All', overdue: 'Overdue', dueSoon: 'Due soon', major: 'Major', toCallback: 'To call back', mine: 'Mine',
  search: 'Search number, customer, phone, text', noComplaints: 'No matching complaints',
  channel: 'Channel', target: 'About', shop: 'Shop', none: 'None', customerName: 'Customer name', phone: 'Phone (if the customer agrees)',
  description: 'Complaint', occurredAt: 'When it happened', location: 'Where', demand: 'Customer wants', severity: 'Severity',
  photos: 'Photos', addPhoto: 'Take / add photo', removePhoto: 'Remove photo', save: 'Save', cancel: 'Cancel', saved: 'Saved; it will be sent automatically',
  mall: 'Mall', required: 'required',
  status: 'Status', timeline: 'Timeline', actions: 'Next step', plan: 'Solution plan', resolutionType: 'Resolution', amount: 'Amount (CNY)',
  verdict: 'Customer verdict', callbackNote: 'Callback note', withdrawReason: 'Reason for withdrawal', confirm: 'Confirm', addNote: 'Add note', note: 'Note',
  localRef: 'Local ref', number: 'Number', waitingNumber: 'number pending', readOnly: 'Inspectors can only read complaints',
  planDue: 'Plan due', feedbackDue: 'Feedback due', callbackWindow: 'Callback window', registeredAt: 'Registered',
  pendingSync: 'Unsent', failed: 'Failed', conflict: 'Conflict',
  conflictTitle: 'Your change did not apply', conflictBody: 'Someone else updated this complaint on the server: {msg}. You now see the latest state.',
  dismiss: 'OK', retry: 'Retry', retryAll: 'Retry all', discard: 'Discard', discardConfirm: 'A discarded record is never sent and cannot be recovered. Discard?',
  exportOutbox: 'Export unsent records to a file', outboxEmpty: 'Everything has been sent',
  lastSync: 'Last sync', never: 'never', syncNow: 'Sync now', syncing: 'Syncing…', offline: 'Offline', online: 'Online',
  firstSync: 'First sync', unpacking: 'Everything is downloaded; sorting it in {pct}% (use the app as usual)', loaded: '{n} loaded', uploadingPhotos: 'Uploading photos',
  storage: 'Storage', storageUse: '{used} used of {quota}', persisted: 'The browser keeps this app\'s data permanently',
  notPersisted: 'The browser has not granted persistent storage: data may be evicted when space runs low (especially iOS Safari). Sync soon, or add the app to the home screen.',
  requestPersist: 'Request persistent storage', language: 'Language', update: 'New version available', updateNow: 'Update (unsent records are kept)',
  account: 'Account', role: 'Role', back: 'Back', created: 'Created', photoProgress: 'Photos {done}/{total}',
  waiting: '{n} unsent', allSent: 'All sent', reason: 'Reason', detail: 'Details', emptyTimeline: 'Nothing yet (shown after sync)',
  minutes: '{n} min', hours: '{n} h', days: '{n} d', dueIn: 'due in {t}', overdueBy: 'overdue {t}',
  install: 'Install', justNow: 'just now', ago: '{t} ago', later: 'Later (keep working offline)', retrying: 'error, retrying soon', storageFull: 'Storage is nearly full: sync soon and remove photos you do not need.', storageRisk: 'Unsent records, and the browser has not granted persistent storage. Sync soon.', notOnPhone: 'This complaint is not on this phone (closed, deleted or not in your mall)',
  // report page
  reports: 'Reports', rpOnlyAdmins: 'Only admins can see and generate reports. Ask your mall\'s admin for a report.',
  rpOffline: 'You are offline: reports need the network; this page loads when it is back.', rpServerError: 'Server error, please try again later', rpLoadFailed: 'Could not load: {msg}', rpLoading: 'Loading…',
  rpKpis: 'Key figures', rpThisWeek: 'This week', rpThisMonth: 'This month', rpPrev: 'Previous period', rpNext: 'Next period', rpRunning: 'running (so far)', rpFinal: 'closed',
  rpTarget: 'target {t}', rpMet: 'met', rpNotMet: 'not met', rpNoData: 'no data', rpTotal: 'Assessment score: {n}',
  rpPerDay: 'Complaints per day', rpByTarget: 'Complaints by target', rpTrend: 'Complaints received, trend', rpTrendRate: 'Resolution rate, trend',
  rpDay: 'Day', rpCount: 'Complaints', rpPeriod: 'Period', rpValue: 'Value',
  rpList: 'Generated reports', rpNone: 'No reports yet', rpDownload: 'Download', rpDownloading: 'Getting link…', rpUpdated: 'made {t}', rpSchedule: 'scheduled', rpDemand: 'on demand',
  rpWeekly: 'Weekly report', rpMonthly: 'Monthly assessment', rpKind: 'Report type', rpGenerate: 'Generate a report', rpGenerateBtn: 'Generate', rpMalls: 'Malls (one or more)', rpPickMall: 'Choose at least one mall',
  rpQueued: 'Queued…', rpProgress: 'Generating: {done}/{total} done', rpDone: 'Done ({malls}); see the list below', rpFailed: 'failed: {msg}',
};

export type Key = keyof Dict;

function fill(s: string, vars?: Record<string, string | number>): string {
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace('{' + k + '}', String(v));
  return s;
}

export function t(key: Key, vars?: Record<string, string | number>): string {
  return fill((lang.value === 'en' ? en : zh)[key], vars);
}

/**
 * A feature's own words: each feature folder keeps its strings beside its
 * screens (strings.ts) and gets a typed t() for them. The English
 * dictionary must have every key of the Chinese one.
 */
export function dictionary<D extends Record<string, string>>(zhWords: D, enWords: { [K in keyof D]: string }) {
  return (key: keyof D, vars?: Record<string, string | number>): string =>
    fill(String((lang.value === 'en' ? enWords : zhWords)[key]), vars);
}

/** The label of a code in the current language (the code itself when unknown). */
export function label(group: Vocab, code: unknown): string {
  const term = (vocab[group] as readonly Term[]).find((x) => x.code === code);
  if (!term) return String(code ?? '');
  return lang.value === 'en' ? term.en : term.zh;
}

export function fmtTime(iso: unknown): string {
  if (!iso || typeof iso !== 'string') return '';
  const d = new Date(iso.replace(' ', 'T'));
  if (isNaN(d.getTime())) return '';
  return d.toLocaleString(lang.value === 'en' ? 'en-GB' : 'zh-CN', { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

export function fmtSpan(ms: number): string {
  const m = Math.round(Math.abs(ms) / 60_000);
  if (m < 60) return t('minutes', { n: m });
  const h = Math.round(m / 60);
  if (h < 48) return t('hours', { n: h });
  return t('days', { n: Math.round(h / 24) });
}

export function fmtBytes(n: number): string {
  if (n < 1024 * 1024) return (n / 1024).toFixed(0) + ' KB';
  if (n < 1024 ** 3) return (n / 1024 / 1024).toFixed(1) + ' MB';
  return (n / 1024 ** 3).toFixed(1) + ' GB';
}
