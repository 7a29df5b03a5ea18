import type { Role } from './schemas';

/**
 * Who may do what: the one permission matrix. Mutators (run in the extension and on the
 * server) and the server's routes ask `may`; the README's table is checked against this list
 * by a test (model/permissions.test.ts), and the security suite refuses a rep every action
 * here that a rep may not do. What is not listed (claiming an unowned customer, writing notes
 * and follow-ups, managing one's own devices) every active member may do.
 */
export const PERMISSIONS = {
  reassignCustomers: {
    roles: ['manager', 'admin'],
    what: "Hand off or reassign a customer someone else owns; move a member's customers and follow-ups to another",
  },
  reshapeOthersCustomers: {
    roles: ['manager', 'admin'],
    what: 'Merge customers, or move their addresses, when someone else owns them',
  },
  moveOthersStages: {
    roles: ['manager', 'admin'],
    what: 'Change the stage of a customer someone else owns (on the board or in the sidebar)',
  },
  setGoals: { roles: ['manager', 'admin'], what: "Set members' goals per week or month" },
  editOthersNotes: { roles: ['manager', 'admin'], what: "Edit or delete a teammate's (team-visible) note" },
  changeOthersFollowUps: {
    roles: ['manager', 'admin'],
    what: 'Change or complete a follow-up they are neither assignee, creator nor customer owner of; delete one they did not create',
  },
  viewTeam: { roles: ['manager', 'admin'], what: "See the team view: everyone's missed follow-ups, quiet and unowned customers" },
  manageMembers: {
    roles: ['admin'],
    what: "Invite members, change roles, deactivate members, make device codes for others, revoke anyone's devices",
  },
  changeSettings: {
    roles: ['admin'],
    what: "Change the team's name, own mail domains, stages and limits; publish site selectors and read the recognition report",
  },
  viewActivity: { roles: ['admin'], what: 'Read the activity log (admin actions and changes to customers)' },
  exportData: { roles: ['admin'], what: "Export all the team's data (JSON, CSV); import it into an empty team" },
} as const satisfies Record<string, { roles: readonly Role[]; what: string }>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

/** Whether a member of this role may do this action. */
export function may(role: Role, action: Action): boolean {
  return (PERMISSIONS[action].roles as readonly Role[]).includes(role);
}

/** The matrix as the README shows it: one row per action, a column per role. */
export function permissionTable(): string {
  const roles: Role[] = ['rep', 'manager', 'admin'];
  const lines = [`| action | ${roles.join(' | ')} |`, `| --- | ${roles.map(() => ':---:').join(' | ')} |`];
  for (const action of ACTIONS) {
    const cells = roles.map((r) => (may(r, action) ? '✓' : '—'));
    lines.push(`| ${PERMISSIONS[action].what} (\`${action}\`) | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
