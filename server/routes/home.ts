import { Hono } from 'hono';

// What a person sees who opens the server's address (or an invite link) in a browser: what this
// is and how to join, in English and Chinese. The invite code sits after `#` in the link, which
// the browser never sends here, so the page has nothing secret to show or keep.
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sidenote server · Sidenote 服务器</title>
<style>
  body { font: 16px/1.6 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
         max-width: 42rem; margin: 3rem auto; padding: 0 1.25rem; color: #1f2937; }
  h1 { font-size: 1.5rem; margin-bottom: .25rem; }
  h2 { font-size: 1.1rem; margin-top: 2rem; }
  section + section { border-top: 1px solid #e5e7eb; margin-top: 2rem; }
  code { background: #f3f4f6; padding: .1rem .3rem; border-radius: 4px; }
  @media (prefers-color-scheme: dark) { body { background: #111827; color: #e5e7eb; } code { background: #1f2937; } section + section { border-color: #374151; } }
</style>
</head>
<body>
<section lang="en">
<h1>This is your team’s Sidenote server</h1>
<p>Sidenote keeps your sales team’s shared notes, each customer’s owner and follow-ups in a sidebar beside Gmail, Outlook, QQ Mail, NetEase mail and your CRM. This server is where your team’s data is kept and synced.</p>
<h2>Joining with an invite link</h2>
<ol>
<li>Install the Sidenote extension your admin gave you (in Chrome: <code>chrome://extensions</code> → Developer mode → Load unpacked).</li>
<li>Open the extension’s options (Details → Extension options).</li>
<li>Paste the <strong>whole invite link</strong> you were sent (the address of this page, including everything after <code>#</code>) into the invite field, enter your name and work email, and press Join.</li>
</ol>
<p>Already signed in on another computer? Make a device code in Sidenote’s options there and use it the same way.</p>
</section>
<section lang="zh-CN">
<h1>这是您团队的 Sidenote 服务器</h1>
<p>Sidenote 在 Gmail、Outlook、QQ 邮箱、网易邮箱和您的 CRM 旁边显示侧边栏，团队在这里共享客户备注、负责人和跟进任务。团队的数据保存在这台服务器上并由它同步。</p>
<h2>用邀请链接加入</h2>
<ol>
<li>安装管理员发给您的 Sidenote 扩展程序（Chrome：打开 <code>chrome://extensions</code> → 开启“开发者模式” → “加载已解压的扩展程序”）。</li>
<li>打开扩展程序的“选项”页面（详情 → 扩展程序选项）。</li>
<li>把收到的<strong>完整邀请链接</strong>（即本页地址，包括 <code>#</code> 之后的全部内容）粘贴到邀请码一栏，填写姓名和工作邮箱，点击“加入”。</li>
</ol>
<p>已经在另一台电脑上登录？请在那台电脑的 Sidenote 选项页生成设备码，用同样的方法登录。</p>
</section>
</body>
</html>
`;

/** `GET /` and `GET /join`: a page for people, not a JSON 404. */
export const homeRoutes = new Hono().get('/', (c) => c.html(PAGE)).get('/join', (c) => c.html(PAGE));
