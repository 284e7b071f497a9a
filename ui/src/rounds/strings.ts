// The rounds screen's own words.
import { dictionary } from '../i18n';

export const t = dictionary({
  rounds: '巡检计划', myRounds: '我的巡检计划', unfinished: '未完成的巡检（本机）', round: '巡检 {floor}', checked: '已检 {done}/{total}',
  resume: '继续', noPlans: '本期没有巡检计划（由管理员制定；联网同步后显示）', doneOfPlanned: '本期已完成 / 计划',
  behindN: '落后进度 {n} 次', onPace: '进度正常', startNext: '开始下一个：{where}', doneN: '已完成 {done}/{target}', mineN: '我完成 {n}',
  leftN: '还差 {n} 次', complete: '已完成计划', startHere: '开始巡检',
}, {
  rounds: 'Rounds', myRounds: 'My rounds', unfinished: 'Unfinished rounds (this phone)', round: 'Round {floor}', checked: '{done}/{total} checked',
  resume: 'Resume', noPlans: 'No inspection plan for this period (admins set them; shown after a sync)', doneOfPlanned: 'done / planned this period',
  behindN: '{n} behind schedule', onPace: 'on schedule', startNext: 'Start the next: {where}', doneN: '{done}/{target} done', mineN: '{n} by me',
  leftN: '{n} to go', complete: 'plan complete', startHere: 'Start a round',
});
