import type { Action } from '../../model/permissions';
import type { TeamIds } from './world';

export interface RouteRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: unknown;
}

/**
 * For every authenticated route of the app: a request aimed at a team's rows. With another
 * team's token, a request that names rows (`namesRows`) must be refused and change nothing; one
 * that names none must leave the other team as it was and tell nothing of it. `action`: the
 * permission the route needs, which a rep lacks. The suite checks this list against the app's
 * route table, so a new route cannot be forgotten.
 */
export const ROUTE_CASES: Record<string, { namesRows: boolean; action?: Action; request: (t: TeamIds) => RouteRequest }> = {
  'POST /v1/push': {
    namesRows: true,
    request: (t) => ({
      method: 'POST',
      path: '/v1/push',
      body: { clientID: t.admin.clientID, mutations: [{ id: 99, name: 'deleteNote', args: { id: t.note }, at: 1 }] },
    }),
  },
  'GET /v1/pull': { namesRows: true, request: (t) => ({ method: 'GET', path: `/v1/pull?clientID=${t.admin.clientID}&cookie=0` }) },
  'POST /v1/lookup': {
    namesRows: false,
    request: (t) => ({ method: 'POST', path: '/v1/lookup', body: { lookups: [{ kind: 'domain', value: t.ownedDomain }] } }),
  },
  'GET /v1/devices': { namesRows: false, request: () => ({ method: 'GET', path: '/v1/devices' }) },
  'POST /v1/devices/code': {
    namesRows: false,
    request: () => ({ method: 'POST', path: '/v1/devices/code', body: {} }),
  },
  'POST /v1/devices/:id/revoke': {
    namesRows: true,
    request: (t) => ({ method: 'POST', path: `/v1/devices/${t.manager.deviceId}/revoke`, body: {} }),
  },
  'GET /v1/admin/members': { namesRows: false, action: 'manageMembers', request: () => ({ method: 'GET', path: '/v1/admin/members' }) },
  'POST /v1/admin/members/:id': {
    namesRows: true,
    action: 'manageMembers',
    request: (t) => ({ method: 'POST', path: `/v1/admin/members/${t.manager.member.id}`, body: { active: false } }),
  },
  'POST /v1/admin/members/:id/device-code': {
    namesRows: true,
    action: 'manageMembers',
    request: (t) => ({ method: 'POST', path: `/v1/admin/members/${t.manager.member.id}/device-code`, body: {} }),
  },
  'POST /v1/admin/invites': {
    namesRows: false,
    action: 'manageMembers',
    request: () => ({ method: 'POST', path: '/v1/admin/invites', body: { role: 'admin' } }),
  },
  'POST /v1/admin/invites/:id/withdraw': {
    namesRows: true,
    action: 'manageMembers',
    request: (t) => ({ method: 'POST', path: `/v1/admin/invites/${t.inviteId}/withdraw`, body: {} }),
  },
  'POST /v1/admin/team': {
    namesRows: false,
    action: 'changeSettings',
    request: () => ({ method: 'POST', path: '/v1/admin/team', body: { name: 'Renamed' } }),
  },
  'GET /v1/admin/activity': { namesRows: false, action: 'viewActivity', request: () => ({ method: 'GET', path: '/v1/admin/activity' }) },
  'GET /v1/admin/export': {
    namesRows: false,
    action: 'exportData',
    request: () => ({ method: 'GET', path: '/v1/admin/export?format=json' }),
  },
  'POST /v1/admin/import': {
    namesRows: true,
    action: 'exportData',
    request: (t) => ({
      method: 'POST',
      path: '/v1/admin/import',
      body: {
        format: 'sidenote-export',
        version: 1,
        exportedAt: 1,
        team: { id: t.teamId, name: 'Imported', domains: [], settings: { stages: ['lead'], escalationDays: 2, staleDays: 14 } },
        members: [t.admin.member],
        customers: [],
        identities: [],
        notes: [],
        noteRevisions: [],
        tasks: [],
        customerEvents: [],
        activity: [],
      },
    }),
  },
};

// The team's selector file and recognition counts (site adapters): scoped by the token's team.
Object.assign(ROUTE_CASES, {
  'GET /v1/selectors': { namesRows: false, request: () => ({ method: 'GET', path: '/v1/selectors' }) },
  'PUT /v1/selectors': {
    namesRows: false,
    action: 'changeSettings',
    request: () => ({
      method: 'PUT',
      path: '/v1/selectors',
      body: { sites: { qqmail: { classicRowAddress: ['input[name="mailid"][data-from]'] } } },
    }),
  },
  'POST /v1/recognition': {
    namesRows: false,
    request: () => ({
      method: 'POST',
      path: '/v1/recognition',
      body: { counts: [{ site: 'gmail', host: 'mail.google.com', view: 'thread', layout: 'unrecognised', missing: [], count: 1 }] },
    }),
  },
  'GET /v1/recognition': { namesRows: false, action: 'changeSettings', request: () => ({ method: 'GET', path: '/v1/recognition' }) },
} satisfies typeof ROUTE_CASES);

/** Routes anyone may call without a token. */
export const PUBLIC_ROUTES = ['GET /', 'GET /join', 'GET /v1/health', 'POST /v1/join'];
