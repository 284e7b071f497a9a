import { dictionary } from '../i18n';

export const tr = dictionary({
  group: '合并为一个集团汇总工作簿（集团汇总 + 各商场的工作表）', groupDone: '集团汇总工作簿已生成，见下方「集团汇总」', groupProgress: '正在生成集团汇总：已完成 {done}/{total} 个商场',
  compare: '集团对比', compareHint: '各商场并排：指标、是否达标、考核得分与排名（与集团汇总工作簿相同）。', indicator: '指标', score: '考核得分', rank: '排名',
  metCount: '达标项数', groups: '集团汇总工作簿', noGroups: '还没有集团汇总工作簿', malls: '{n} 个商场', scrollHint: '表格可左右滑动',
}, {
  group: 'One group workbook (集团汇总 and each mall\'s sheets)', groupDone: 'The group workbook is ready; see “Group workbooks” below', groupProgress: 'Making the group workbook: {done}/{total} malls done',
  compare: 'Malls compared', compareHint: 'The malls side by side: figures, met or not, assessment score and rank (as in the group workbook).', indicator: 'Figure', score: 'Score', rank: 'Rank',
  metCount: 'Targets met', groups: 'Group workbooks', noGroups: 'No group workbooks yet', malls: '{n} malls', scrollHint: 'The table scrolls sideways',
});
