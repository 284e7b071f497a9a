import { dictionary } from '../i18n';

// The kiosk's words for the desk staff (the customers see the survey's own).
export const ks = dictionary(
  {
    staff: '工作人员（长按打开）',
    panelTitle: '工作人员面板',
    waiting: '待发送：{n} 条',
    allSent: '所有回答都已发送',
    refused: '无法发送：{n} 条',
    online: '网络：已连接',
    offline: '网络：未连接（回答保存在本机，联网后自动发送）',
    rateWait: '服务器要求稍后再发，将自动重试',
    closedWait: '调查点已停用，回答保留在本机',
    lastSent: '上次发送：{t}',
    sendNow: '立即发送',
    fullscreen: '进入全屏',
    exitFullscreen: '退出全屏',
    close: '关闭',
    hint: '本面板 30 秒无操作自动关闭。顾客看不到待发送数量。',
  },
  {
    staff: 'Staff (press and hold)',
    panelTitle: 'Staff panel',
    waiting: 'Waiting to be sent: {n}',
    allSent: 'Every answer has been sent',
    refused: 'Cannot be sent: {n}',
    online: 'Network: connected',
    offline: 'Network: not connected (answers are kept here and sent when it returns)',
    rateWait: 'The server asked to wait; sending again soon',
    closedWait: 'The survey point is deactivated; the answers stay on this tablet',
    lastSent: 'Last sent: {t}',
    sendNow: 'Send now',
    fullscreen: 'Full screen',
    exitFullscreen: 'Leave full screen',
    close: 'Close',
    hint: 'This panel closes after 30 s without use. Customers never see the count.',
  },
);
