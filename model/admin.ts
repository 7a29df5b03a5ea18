import { z } from './z';
import { Member, Role, Team } from './schemas';

/**
 * The wire shapes of the team-administration routes (`/v1/devices…`, `/v1/admin/…`): parsed by
 * the server's routes and by the extension's background, which calls them for the options page.
 */

/** A signed-in device as its member and admins see it: never its token. */
export const DeviceView = z.object({
  id: z.string(),
  memberId: z.string(),
  /** What the device said it is when it joined (browser and system). */
  label: z.string(),
  createdAt: z.number(),
  lastUsedAt: z.nullable(z.number()),
});
export type DeviceView = z.infer<typeof DeviceView>;

export const MyDevices = z.object({ devices: z.array(z.extend(DeviceView, { current: z.boolean() })) });
export type MyDevices = z.infer<typeof MyDevices>;

/** A code that signs one more device in as a member, and the link that carries it. */
export const DeviceCode = z.object({ deviceCode: z.string(), inviteLink: z.string(), expiresAt: z.number() });
export type DeviceCode = z.infer<typeof DeviceCode>;

/** A member as the admin section lists them: with their devices and what they are responsible for. */
export const MemberAdminView = z.extend(Member, {
  joinedAt: z.number(),
  devices: z.array(DeviceView),
  /** Customers they own (to transfer when they leave). */
  ownedCustomers: z.number(),
  /** Open follow-ups assigned to them. */
  openFollowUps: z.number(),
});
export type MemberAdminView = z.infer<typeof MemberAdminView>;

/** An invite or device code still waiting to be used (the code itself is not kept). */
export const InviteView = z.object({
  id: z.string(),
  role: Role,
  /** Set for a device code: whom it signs in. */
  memberId: z.nullable(z.string()),
  createdBy: z.nullable(z.string()),
  createdAt: z.number(),
  expiresAt: z.number(),
});
export type InviteView = z.infer<typeof InviteView>;

export const AdminMembers = z.object({ members: z.array(MemberAdminView), invites: z.array(InviteView) });
export type AdminMembers = z.infer<typeof AdminMembers>;

export const NewInviteResult = z.object({ inviteId: z.string(), inviteCode: z.string(), inviteLink: z.string(), expiresAt: z.number() });
export type NewInviteResult = z.infer<typeof NewInviteResult>;

export const MemberChanged = z.object({ member: MemberAdminView, revokedDevices: z.number() });

export const TeamChanged = z.object({ team: Team });

/** One entry of the activity log. */
export const ActivityEntry = z.object({
  id: z.string().check(z.maxLength(100)),
  at: z.number().check(z.int(), z.nonnegative()),
  actorId: z.string().check(z.maxLength(100)),
  type: z.string().check(z.maxLength(100)),
  customerId: z.nullable(z.string().check(z.maxLength(100))),
  payload: z.record(z.string(), z.unknown()),
});
export type ActivityEntry = z.infer<typeof ActivityEntry>;

export const ActivityView = z.extend(ActivityEntry, {
  /** The member's name, or null for the admin command line. */
  actorName: z.nullable(z.string()),
  customerName: z.nullable(z.string()),
});
export type ActivityView = z.infer<typeof ActivityView>;

/** A page of the log, newest first; `cursor` asks for the next (older) page, null at the end. */
export const ActivityPage = z.object({ entries: z.array(ActivityView), cursor: z.nullable(z.string()) });
export type ActivityPage = z.infer<typeof ActivityPage>;

/** The tables an export offers as CSV, one file each. */
export const CSV_TABLES = ['members', 'customers', 'identities', 'notes', 'noteRevisions', 'tasks', 'customerEvents', 'activity'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

export const Imported = z.object({ imported: z.record(z.string(), z.number()) });
