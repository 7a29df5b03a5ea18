/**
 * A demo sales team with a few weeks of realistic history, for the README's screenshots: an
 * export team selling pallets and packaging to English- and Chinese-speaking buyers. Members who
 * use a browser join through the options page (the caller does that with their invites); the
 * others join over HTTP and write the history from their own devices, each change made at the
 * time it happened (the server takes a mutation's time when it is in the past).
 */
import { randomUUID } from 'node:crypto';
import { startOfWeek } from '../model/calendar';
import { createInvite, createTeam, joinMembers, TEAM_DOMAIN, TeamDevice, type TeamMember } from '../tests/e2e/team';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The members who look at the product in a browser, by language: a manager and a rep each. */
export const BROWSER_MEMBERS = {
  en: {
    manager: { name: 'Ana Souza', email: `ana.souza@${TEAM_DOMAIN}` },
    rep: { name: 'Ben Okoro', email: `ben.okoro@${TEAM_DOMAIN}` },
  },
  zh: {
    manager: { name: '李静', email: `li.jing@${TEAM_DOMAIN}` },
    rep: { name: '王芳', email: `wang.fang@${TEAM_DOMAIN}` },
  },
} as const;

export interface DemoTeam {
  teamId: string;
  /** Invites for the browser members, by language and role. */
  invites: Record<'en' | 'zh', Record<'manager' | 'rep', string>>;
}

/** The team and the invites its browser members will join with. */
export async function createDemoTeam(databaseUrl: string): Promise<DemoTeam & { adminInvite: string }> {
  const team = await createTeam(databaseUrl, 'Export Sales 外贸部');
  const invite = (role: 'rep' | 'manager') => createInvite(databaseUrl, team.teamId, role);
  return {
    teamId: team.teamId,
    adminInvite: team.inviteCode,
    invites: {
      en: { manager: await invite('manager'), rep: await invite('rep') },
      zh: { manager: await invite('manager'), rep: await invite('rep') },
    },
  };
}

type Mutation = Parameters<TeamDevice['push']>[number];

/**
 * Writes the history, once every browser member has joined (their ids are looked up by email):
 * customers and their owners, notes, and follow-ups done on time, late, missed and still open,
 * several of them this week.
 */
export async function seedDemoHistory(
  server: { url: string },
  databaseUrl: string,
  team: DemoTeam & { adminInvite: string },
  now = Date.now(),
) {
  const [director] = await joinMembers(server, databaseUrl, team.teamId, [{ name: '周伟', email: `zhou.wei@${TEAM_DOMAIN}` }], 'admin', [
    team.adminInvite,
  ]);
  const [chen] = await joinMembers(
    server,
    databaseUrl,
    team.teamId,
    [{ name: 'Chen Ming 陈明', email: `chen.ming@${TEAM_DOMAIN}` }],
    'rep',
  );
  const boss = new TeamDevice(server.url, director!);
  // A small team fits in one page of a pull.
  const members = (await boss.pullAll()).rows.members;
  const id = (email: string) => {
    const found = members.find((m) => m.email === email);
    if (!found) throw new Error(`${email} has not joined the team`);
    return found.id;
  };
  const ana = id(BROWSER_MEMBERS.en.manager.email);
  const ben = id(BROWSER_MEMBERS.en.rep.email);
  const liJing = id(BROWSER_MEMBERS.zh.manager.email);
  const wang = id(BROWSER_MEMBERS.zh.rep.email);

  // Points in time: days ago, and fractions of the way from this week's Monday to now.
  const ago = (days: number, hours = 0) => now - days * DAY - hours * HOUR;
  const weekStart = startOfWeek(now, Intl.DateTimeFormat().resolvedOptions().timeZone);
  const thisWeek = (fraction: number) => Math.round(weekStart + fraction * (now - weekStart));
  const todayAt = (hour: number) => new Date(new Date(now).setHours(hour, 0, 0, 0)).getTime();

  const customers = [
    { key: 'northwind', name: 'Northwind Traders', domain: 'northwind-traders.com', owner: ben, since: ago(40) },
    { key: 'liLei', name: '李雷', email: 'li.lei@163.com', owner: wang, since: ago(21) },
    { key: 'huaxin', name: '华信包装', domain: 'huaxin-pack.com', owner: wang, since: ago(35) },
    { key: 'acme', name: 'Acme Logistics', domain: 'acme-logistics.com', owner: ana, since: ago(50) },
    { key: 'lvyuan', name: '杭州绿源茶业', domain: 'lvyuan-tea.cn', owner: liJing, since: ago(28) },
    { key: 'fabrikam', name: 'Fabrikam', domain: 'fabrikam.com', owner: chen!.memberId, since: ago(30) },
    { key: 'contoso', name: 'Contoso', domain: 'contoso-stale.com', owner: chen!.memberId, since: ago(60) },
    { key: 'hongda', name: '深圳宏达电子', domain: 'hongda-sz.com', owner: null, since: ago(2, 3) },
  ];
  type CustomerKey = (typeof customers)[number]['key'];
  const ids = new Map(customers.map((c) => [c.key, randomUUID()]));
  const cid = (key: CustomerKey) => ids.get(key)!;
  const setup: Mutation[] = [];
  for (const c of customers) {
    const identity = c.email
      ? { id: randomUUID(), kind: 'email' as const, value: c.email }
      : { id: randomUUID(), kind: 'domain' as const, value: c.domain! };
    setup.push({ name: 'createCustomer', args: { id: cid(c.key), name: c.name, identities: [identity] }, at: c.since });
    if (c.owner) {
      setup.push({ name: 'claimCustomer', args: { customerId: cid(c.key), eventId: randomUUID() }, at: c.since + HOUR });
      setup.push({
        name: 'handOffCustomer',
        args: {
          customerId: cid(c.key),
          toId: c.owner,
          note: c.owner === ana || c.owner === ben ? 'Yours from today: details in the notes.' : '从今天起由你负责，详情见备注。',
          moveTasks: true,
          eventId: randomUUID(),
        },
        at: c.since + 2 * HOUR,
      });
    }
  }
  await boss.push(...setup);

  const gmail = (thread: string, title: string) => ({ site: 'gmail', url: `https://mail.google.com/mail/u/0/#inbox/${thread}`, title });
  const note = (
    customer: CustomerKey,
    body: string,
    at: number,
    extra: Partial<{ kind: 'note' | 'call' | 'meeting' | 'chat'; source: ReturnType<typeof gmail> }> = {},
  ): Mutation => ({
    name: 'createNote',
    args: { id: randomUUID(), customerId: cid(customer), body, kind: extra.kind ?? 'note', source: extra.source ?? null },
    at,
  });
  await boss.push(
    note('northwind', 'Joan asked for pallet pricing for Q3: 2,000 units, heat-treated (ISPM 15). Quote by Friday.', ago(6, 5), {
      source: gmail('18f2a9c3d4e5f601', 'Pallet pricing for Q3'),
    }),
    note(
      'northwind',
      'Call with Raj: delivery to the Rotterdam warehouse, window 14–18 July. Wants a 3% discount for a 12-month contract.',
      ago(3, 2),
      { kind: 'call' },
    ),
    note('northwind', 'Sent quote v2: €11.40 per pallet, FOB Qingdao, 30 days net.', ago(1, 4), {
      source: gmail('18f2a9c3d4e5f6ff', 'Delivery window for pallets'),
    }),
    note('liLei', '李雷询价 2000 件托盘，需要熏蒸证明。已发样品照片。', ago(4, 1), {
      source: gmail('18f2a9c3d4e5f777', '询价：托盘 2000 件'),
    }),
    note('liLei', '电话沟通：对方希望 7 月中旬到货，价格还在比较中。', ago(2, 6), { kind: 'call' }),
    note('liLei', '微信上发了报价单，单价 ¥78/件，含税含运。', ago(0, 5), { kind: 'chat' }),
    note('huaxin', '华信包装要求改合同付款条款：30% 预付，70% 见提单。', ago(5, 2)),
    note('acme', 'Acme wants a framework agreement for 2026; legal is reviewing the liability clause.', ago(7), { kind: 'meeting' }),
    note('lvyuan', '绿源茶业年底礼盒包装，预计 5000 套，下周看样。', ago(3)),
    note('fabrikam', 'Fabrikam asked for a sample order of 50 crates.', ago(9)),
    note('contoso', 'Contoso went quiet after the trade fair.', ago(30)),
    note('hongda', '展会上认识的新客户，对防静电托盘感兴趣。', ago(2, 3)),
  );

  const task = (
    customer: CustomerKey,
    title: string,
    assigneeId: string,
    dueAt: number,
    createdAt: number,
    source?: ReturnType<typeof gmail>,
  ) => {
    const taskId = randomUUID();
    const push: Mutation = {
      name: 'createTask',
      args: { id: taskId, customerId: cid(customer), title, dueAt, assigneeId, source: source ?? null },
      at: createdAt,
    };
    return { id: taskId, dueAt, push };
  };
  const done = (t: { id: string }, at: number): Mutation => ({ name: 'completeTask', args: { id: t.id, done: true }, at });
  const created = ago(10);
  const tasks = {
    // Missed, one of them long enough to be escalated to the managers.
    quote: task(
      'northwind',
      'Send revised quote for 2,000 pallets',
      ben,
      ago(3, 1),
      created,
      gmail('18f2a9c3d4e5f601', 'Pallet pricing for Q3'),
    ),
    callLi: task('liLei', '给李雷回电确认样品', wang, ago(1, 2), created, gmail('18f2a9c3d4e5f777', '询价：托盘 2000 件')),
    sample: task('fabrikam', 'Ship the 50-crate sample order', chen!.memberId, ago(4), created),
    acmeTerms: task('acme', 'Review Acme’s liability clause with legal', ana, ago(0, 3), created),
    // Done this week, on time and late.
    deliveryWindow: task('northwind', 'Confirm delivery window with Raj', ben, thisWeek(0.3), created),
    photos: task('liLei', '发送托盘样品照片', wang, thisWeek(0.2), created),
    contract: task('huaxin', '确认付款条款', wang, thisWeek(0.25), created),
    invoice: task('fabrikam', 'Send the pro-forma invoice', chen!.memberId, thisWeek(0.1), created),
    // Open, due soon.
    revisedContract: task('huaxin', '发送修改后的合同', wang, todayAt(17) > now ? todayAt(17) : now + 2 * HOUR, created),
    followJoan: task('northwind', 'Follow up with Joan on quote v2', ben, now + 2 * DAY, created),
    teaSamples: task('lvyuan', '安排绿源茶业看样', liJing, now + DAY, created),
    acmeCall: task('acme', 'Call Acme about the framework agreement', ana, now + 3 * DAY, created),
  };
  await boss.push(...Object.values(tasks).map((t) => t.push));
  await boss.push(
    done(tasks.deliveryWindow, Math.min(now, tasks.deliveryWindow.dueAt - HOUR)),
    done(tasks.photos, Math.min(now, tasks.photos.dueAt - 2 * HOUR)),
    done(tasks.invoice, Math.min(now, tasks.invoice.dueAt)),
    done(tasks.contract, Math.min(now, tasks.contract.dueAt + 5 * HOUR)),
  );
  return { director: director as TeamMember, chen: chen as TeamMember };
}
