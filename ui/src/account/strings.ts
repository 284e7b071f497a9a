import { dictionary } from '../i18n';

export const tp = dictionary({
  setTitle: '设置您自己的密码', setBody: '您用管理员给的一次性密码登录。请设置一个只有您知道的新密码（至少 8 位），之后用它登录。',
  newPassword: '新密码', repeat: '再输入一次', setSave: '保存并继续', differ: '两次输入的密码不一致', tooShort: '密码至少 8 位',
  deactivatedTitle: '此账号已停用', deactivatedBody: '管理员已停用此账号：无法同步，也无法再次登录。本机上未发送的记录会保留。请联系客服中心经理。',
}, {
  setTitle: 'Set your own password', setBody: 'You signed in with a one-time password from your admin. Choose a new one only you know (at least 8 characters) and sign in with it from now on.',
  newPassword: 'New password', repeat: 'Repeat it', setSave: 'Save and continue', differ: 'The two passwords differ', tooShort: 'At least 8 characters',
  deactivatedTitle: 'This account is deactivated', deactivatedBody: 'Your admin deactivated this account: it cannot sync or sign in again. Unsent records stay on this phone. Ask your service-centre manager.',
});
