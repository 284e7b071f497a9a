// The survey screens' own words (kinds, the 1–5 labels and verdicts come from
// the domain vocabulary).
import { dictionary } from '../i18n';

export const t = dictionary({
  surveys: '满意度', toCallBack: '待回访', noCallbacks: '没有待回访的投诉', late: '已超过回访时间', dueBy: '{t} 前回访', callBack: '回访',
  whose: '范围', mine: '我做的', mallAll: '本商场', today: '今天', week: '本周', month: '本月', all: '全部', noResponses: '没有符合条件的调查',
  satisfied: '满意', notSatisfied: '不满意', overall: '总体评价', template: '问卷', complaint: '投诉', shop: '商铺', takenBy: '调查人', takenAt: '时间',
  answers: '回答', skipped: '未回答', notOnPhone: '本机没有这份调查', noComplaint: '本机没有这条投诉', noTemplate: '本机没有可用的问卷：请联网同步一次。',
  saved: '已保存', savedCallback: '回访已记录，投诉将变为「已回访」，联网后自动发送。', savedSurvey: '调查已保存，联网后自动发送。',
  backToComplaint: '返回投诉', done: '完成', view: '查看', mall: '商场', begin: '开始', call: '拨打 {phone}',
  callbackIntro: '请告知顾客这是对其投诉处理结果的回访，每题请顾客按 1–5 分评价。',
  summary: '调查结果', overallMissing: '请先回答总体满意度一题。', callbackVerdict: '回访评价', movesToVisited: '保存后投诉变为「已回访」',
  back: '上一题', save: '保存', questionN: '第 {n}/{total} 题', overallQuestion: '总体评价', whyLow: '请问哪里让您不满意？（请记录顾客原话）', next: '下一题', skip: '跳过',
  wScore: '{n} 分',
}, {
  surveys: 'Surveys', toCallBack: 'To call back', noCallbacks: 'No complaint waiting for a callback', late: 'callback overdue', dueBy: 'call back by {t}', callBack: 'Call back',
  whose: 'Whose', mine: 'Mine', mallAll: 'Whole mall', today: 'Today', week: 'This week', month: 'This month', all: 'All', noResponses: 'No matching surveys',
  satisfied: 'Satisfied', notSatisfied: 'Not satisfied', overall: 'Overall', template: 'Survey', complaint: 'Complaint', shop: 'Shop', takenBy: 'Taken by', takenAt: 'When',
  answers: 'Answers', skipped: 'not answered', notOnPhone: 'This survey is not on this phone', noComplaint: 'This complaint is not on this phone', noTemplate: 'No survey on this phone yet: sync once with the network on.',
  saved: 'Saved', savedCallback: 'Callback recorded; the complaint becomes "Called back". It is sent when the network is there.', savedSurvey: 'Survey saved; it is sent when the network is there.',
  backToComplaint: 'Back to the complaint', done: 'Done', view: 'View', mall: 'Mall', begin: 'Begin', call: 'Call {phone}',
  callbackIntro: 'Tell the customer this is the callback on their complaint; each question is scored 1 to 5.',
  summary: 'Result', overallMissing: 'Answer the overall question first.', callbackVerdict: 'Callback verdict', movesToVisited: 'Saving moves the complaint to "Called back"',
  back: 'Back', save: 'Save', questionN: 'Question {n} of {total}', overallQuestion: 'overall', whyLow: 'What was not right? (note the customer\'s words)', next: 'Next', skip: 'Skip',
  wScore: 'score {n}',
});
