/**
 * Every string the user reads, in English and Simplified Chinese. Chinese is chosen when the
 * browser's language is Chinese; `{name}` placeholders are filled by `t`.
 */
const en = {
  'app.name': 'Sidenote',
  'handle.show': 'Show Sidenote',
  'handle.hide': 'Hide Sidenote',
  'sidebar.signedOut': 'Join your team to see and write shared notes here.',
  'sidebar.openOptions': 'Open Sidenote options',
  'sidebar.idle': 'Open a conversation or a customer record to see its notes.',
  'sidebar.waiting': 'Reading the page…',
  'sidebar.noCustomer': 'No customer on this page: everyone here is on your team.',
  'sidebar.unrecognised': 'Sidenote does not recognise this page’s layout, so it cannot tell who the customer is.',
  'sidebar.newCustomer': 'New customer: saved with the first note.',
  'sidebar.otherCandidates': 'Also on this page',
  'customer.owner': 'Owner: {name}',
  'customer.noOwner': 'No owner yet',
  'notes.title': 'Notes',
  'notes.empty': 'No notes yet. Write the first one for your team.',
  'notes.placeholder': 'Write a note for your team… (Ctrl+Enter to save)',
  'notes.submit': 'Save note',
  'notes.saving': 'Saving…',
  'notes.pending': 'not yet synced',
  'notes.from': 'on {site}',
  'notes.error': 'Your note could not be saved: {message}',
  'sync.synced': 'Synced',
  'sync.syncing': 'Syncing…',
  'sync.pending': '{count} pending',
  'sync.offline': 'Offline: {count} pending, will send when the server is back',
  'sync.error': 'Sync failed: {message}',
  'sync.signedOut': 'Not joined',
  'refusal.text': 'The server refused a change ({name}): {message}',
  'refusal.dismiss': 'Dismiss',
  'options.title': 'Sidenote settings',
  'options.intro': 'Join your team’s Sidenote server with the invite code your admin gave you.',
  'options.serverUrl': 'Server URL',
  'options.inviteCode': 'Invite code',
  'options.name': 'Your name',
  'options.email': 'Your work email',
  'options.join': 'Join team',
  'options.joining': 'Joining…',
  'options.joinedAs': 'Signed in as',
  'options.team': 'Team',
  'options.role': 'Role',
  'options.server': 'Server',
  'options.leave': 'Leave this team on this device',
  'options.leaveConfirm': 'Leave the team? Notes not yet synced from this device will be lost.',
  'options.error': 'Could not join: {message}',
  'role.rep': 'Sales rep',
  'role.manager': 'Manager',
  'role.admin': 'Admin',
  'time.justNow': 'just now',
  'error.invalid_invite': 'This invite code is not valid, has expired or was already used. Ask your admin for a new one.',
  'error.offline': 'The server could not be reached. Check the server URL and your connection.',
  'error.unauthorized': 'The server no longer accepts this device. Join your team again in the options.',
  'error.not_found': 'That customer no longer exists.',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  'app.name': 'Sidenote 客户便签',
  'handle.show': '显示 Sidenote',
  'handle.hide': '隐藏 Sidenote',
  'sidebar.signedOut': '加入团队后，即可在这里查看和填写共享备注。',
  'sidebar.openOptions': '打开 Sidenote 设置',
  'sidebar.idle': '打开一封邮件或一条客户记录，即可查看相关备注。',
  'sidebar.waiting': '正在读取页面…',
  'sidebar.noCustomer': '此页面没有客户：这里的人都是你的团队成员。',
  'sidebar.unrecognised': 'Sidenote 无法识别此页面的布局，因此无法判断客户是谁。',
  'sidebar.newCustomer': '新客户：写下第一条备注时保存。',
  'sidebar.otherCandidates': '此页面上还有',
  'customer.owner': '负责人：{name}',
  'customer.noOwner': '尚无负责人',
  'notes.title': '备注',
  'notes.empty': '还没有备注。为团队写下第一条吧。',
  'notes.placeholder': '为团队写一条备注…（Ctrl+Enter 保存）',
  'notes.submit': '保存备注',
  'notes.saving': '正在保存…',
  'notes.pending': '尚未同步',
  'notes.from': '来自 {site}',
  'notes.error': '备注未能保存：{message}',
  'sync.synced': '已同步',
  'sync.syncing': '正在同步…',
  'sync.pending': '{count} 条待同步',
  'sync.offline': '离线：{count} 条待同步，服务器恢复后自动发送',
  'sync.error': '同步失败：{message}',
  'sync.signedOut': '未加入团队',
  'refusal.text': '服务器拒绝了一项更改（{name}）：{message}',
  'refusal.dismiss': '知道了',
  'options.title': 'Sidenote 设置',
  'options.intro': '使用管理员提供的邀请码，加入团队的 Sidenote 服务器。',
  'options.serverUrl': '服务器地址',
  'options.inviteCode': '邀请码',
  'options.name': '你的姓名',
  'options.email': '你的工作邮箱',
  'options.join': '加入团队',
  'options.joining': '正在加入…',
  'options.joinedAs': '当前登录',
  'options.team': '团队',
  'options.role': '角色',
  'options.server': '服务器',
  'options.leave': '在此设备上退出团队',
  'options.leaveConfirm': '确定退出团队吗？此设备上尚未同步的备注将会丢失。',
  'options.error': '无法加入：{message}',
  'role.rep': '销售',
  'role.manager': '经理',
  'role.admin': '管理员',
  'time.justNow': '刚刚',
  'error.invalid_invite': '邀请码无效、已过期或已被使用。请向管理员索取新的邀请码。',
  'error.offline': '无法连接服务器。请检查服务器地址和网络连接。',
  'error.unauthorized': '服务器已不再接受此设备。请在设置中重新加入团队。',
  'error.not_found': '该客户已不存在。',
};

export type Locale = 'en' | 'zh-CN';

let current: Locale | null = null;

/** The UI language: Chinese for any `zh*` browser language, else English. */
export function locale(): Locale {
  current ??= (globalThis.navigator?.language ?? 'en').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  return current;
}

export function setLocale(next: Locale | null): void {
  current = next;
}

/** The translated message, with `{param}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template: string = locale() === 'zh-CN' ? zh[key] : en[key];
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** A translated sentence for an error code when there is one, else the server's own words. */
export function errorText(code: string, message: string): string {
  const key = `error.${code}` as MessageKey;
  return key in en ? t(key) : message;
}

export const messages = { en, zh };
