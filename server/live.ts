import { createNodeWebSocket } from '@hono/node-ws';
import type { Hono } from 'hono';
import type { WSContext } from 'hono/ws';
import type { Kysely } from 'kysely';
import { LIVE_PING_MS, LiveToServer, type LiveToClient } from '../model/live';
import type { Actor } from '../model/mutators';
import type { Database } from './db/schema';
import { callerForToken, type Caller } from './devices';
import { changesSince, visibleRows, type TeamChanges } from './pull';

/** One authenticated socket: whom it belongs to, how to send to it and how to close it. */
export interface LiveSocket {
  /** The member it is signed in as: what a poke's rows are filtered for (as their pull would be). */
  actor: Actor;
  deviceId: string;
  send(message: LiveToClient): void;
  /** Tells the client why, then closes. */
  close(code: string, message: string): void;
}

/** A poke carries the rows of this many changes at most; past that the client pulls. */
export const LIVE_MAX_ROWS = 100;

/**
 * Who is connected, per team, in this process: after a commit the team's sockets get a poke.
 * Pokes for one team within the same tick are sent once (a push of 100 mutations commits 100
 * times). Sockets are known by device too, so revoking a device (or deactivating its member)
 * closes its socket at once. Several server processes relay pokes through PostgreSQL
 * LISTEN/NOTIFY.
 *
 * Given the database, a poke carries the rows committed since the team's previous poke from this
 * process (model/live.ts LiveChanges), each member's share filtered as their pull filters it,
 * so a client up to date until then need not pull to show them. The pull stays the truth: a
 * client at another cookie ignores them and pulls.
 */
export class LiveHub {
  private sockets = new Map<string, Set<LiveSocket>>();
  /** Per team, the head version the last poke from here was read at (what the next one's rows follow). */
  private heads = new Map<string, number>();

  constructor(private readonly db?: Kysely<Database>) {}

  /** Open live sockets in this process (the live-connections metric). */
  get openSockets(): number {
    let count = 0;
    for (const team of this.sockets.values()) count += team.size;
    return count;
  }
  /** Teams with a poke due this tick, each with the one device it skips (null: none). */
  private due = new Map<string, string | null>();

  /** Registers a connected device's socket; returns the function that removes it. */
  join(teamId: string, socket: LiveSocket): () => void {
    let team = this.sockets.get(teamId);
    if (!team) this.sockets.set(teamId, (team = new Set()));
    team.add(socket);
    return () => {
      team.delete(socket);
      if (team.size === 0 && this.sockets.get(teamId) === team) {
        this.sockets.delete(teamId);
        this.heads.delete(teamId);
      }
    };
  }

  /**
   * Tells every connected member of the team to pull (soon, once), but `exceptDevice`: the device
   * whose push committed, which pulls right after its push and would only pull twice. Pokes
   * within one tick skip a device only if every one of them does. Never throws.
   */
  readonly poke = (teamId: string, exceptDevice?: string): void => {
    const skip = exceptDevice ?? null;
    if (this.due.has(teamId)) {
      if (this.due.get(teamId) !== skip) this.due.set(teamId, null);
      return;
    }
    this.due.set(teamId, skip);
    setImmediate(() => {
      const skipped = this.due.get(teamId) ?? null;
      this.due.delete(teamId);
      const sockets = [...(this.sockets.get(teamId) ?? [])].filter((socket) => socket.deviceId !== skipped);
      if (sockets.length > 0) void this.send(teamId, sockets);
    });
  };

  /** Pokes these sockets of the team, with the rows since the last poke when they could be read. */
  private async send(teamId: string, sockets: LiveSocket[]): Promise<void> {
    const after = this.heads.get(teamId);
    let changes: TeamChanges | null = null;
    if (this.db) {
      try {
        changes = await changesSince(this.db, teamId, after, LIVE_MAX_ROWS);
        if (changes.head > (this.heads.get(teamId) ?? -1)) this.heads.set(teamId, changes.head);
      } catch {
        changes = null; // A plain poke: the clients pull.
      }
    }
    // No rows to carry (the team's first poke from here, too many, or none could be read): plain pokes.
    const tables = changes?.tables;
    if (after === undefined || !changes || !tables) {
      for (const socket of sockets) socket.send({ type: 'poke' });
      return;
    }
    // A member's share is the same on each of their devices: filtered once per member.
    const perMember = new Map<string, LiveToClient>();
    for (const socket of sockets) {
      let message = perMember.get(socket.actor.memberId);
      if (!message) {
        const { rows, tombstones } = visibleRows(socket.actor, tables);
        message = { type: 'poke', changes: { after, cookie: changes.head, epoch: changes.epoch, rows, tombstones } };
        perMember.set(socket.actor.memberId, message);
      }
      socket.send(message);
    }
  }

  /** Pokes every team with a socket here (after missing pokes from other processes). Never throws. */
  readonly pokeEveryone = (): void => {
    for (const teamId of this.sockets.keys()) this.poke(teamId);
  };

  /** Closes the sockets of these devices now: their access was revoked. Never throws. */
  readonly closeDevices = (deviceIds: readonly string[]): void => {
    if (deviceIds.length === 0) return;
    const revoked = new Set(deviceIds);
    for (const team of this.sockets.values()) {
      for (const socket of [...team]) {
        if (revoked.has(socket.deviceId)) socket.close('unauthorized', 'This device’s access was revoked.');
      }
    }
  };

  connections(teamId: string): number {
    return this.sockets.get(teamId)?.size ?? 0;
  }
}

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[\w-]+$/;
const AUTH_TIMEOUT_MS = 10_000;
/** A socket silent for this long (no ping) is dead: the client pings every 20 s. */
const IDLE_TIMEOUT_MS = LIVE_PING_MS * 3;
const REVOKED = 'This device is not signed in to the team, or its access was revoked.';

/**
 * Mounts `GET /v1/live` on the app; returns what attaches WebSocket upgrades to the Node
 * server and what closes them all. Steps: (1) refuse web-page origins; (2) the first message
 * must authenticate within 10 s (a second auth while the first is checked is refused); (3) then
 * pokes flow until either side closes or the client stops pinging. Each ping checks the token
 * again, so a revocation made elsewhere (the admin command line) closes the socket within a ping.
 */
export function mountLive(app: Hono, { db, hub, now = Date.now }: { db: Kysely<Database>; hub: LiveHub; now?: () => number }) {
  const { upgradeWebSocket, injectWebSocket, wss } = createNodeWebSocket({ app });
  app.get(
    '/v1/live',
    upgradeWebSocket((c) => {
      const origin = c.req.header('Origin');
      let state: 'new' | 'authenticating' | 'ready' | 'closed' = 'new';
      let token = '';
      let leave: (() => void) | null = null;
      let timer: ReturnType<typeof setTimeout> | null = null;
      const send = (ws: WSContext, message: LiveToClient) => ws.readyState === 1 && ws.send(JSON.stringify(message));
      const fail = (ws: WSContext, code: string, message: string) => {
        send(ws, { type: 'error', code, message });
        ws.close(1008, code);
        state = 'closed';
        leave?.();
        leave = null;
      };
      const expectWithin = (ws: WSContext, ms: number, code: string, message: string) => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => fail(ws, code, message), ms);
      };
      const register = (ws: WSContext, caller: Caller) => {
        leave = hub.join(caller.teamId, {
          actor: { memberId: caller.memberId, teamId: caller.teamId, role: caller.role },
          deviceId: caller.deviceId,
          send: (m) => send(ws, m),
          close: (code, message) => fail(ws, code, message),
        });
      };
      return {
        onOpen(_event, ws) {
          if (origin && !EXTENSION_ORIGIN.test(origin)) return fail(ws, 'forbidden_origin', 'Only the Sidenote extension may connect.');
          expectWithin(ws, AUTH_TIMEOUT_MS, 'unauthorized', 'Authenticate first.');
        },
        async onMessage(event, ws) {
          let parsed;
          try {
            parsed = LiveToServer.safeParse(JSON.parse(String(event.data)));
          } catch {
            parsed = null;
          }
          if (!parsed?.success) return fail(ws, 'invalid_request', 'Messages are {"type":"auth"|"ping"} JSON.');
          const message = parsed.data;
          if (message.type === 'auth') {
            // Only the first auth counts; one sent while it is being checked would register twice.
            if (state !== 'new') return;
            state = 'authenticating';
            const caller = await callerForToken(db, message.token, now());
            if (state !== 'authenticating') return; // closed meanwhile
            if (!caller) return fail(ws, 'unauthorized', REVOKED);
            token = message.token;
            state = 'ready';
            register(ws, caller);
            send(ws, { type: 'ready' });
          } else {
            if (state !== 'ready') return fail(ws, 'unauthorized', 'Authenticate first.');
            if (!(await callerForToken(db, token, now()))) return fail(ws, 'unauthorized', REVOKED);
            send(ws, { type: 'pong' });
          }
          expectWithin(ws, IDLE_TIMEOUT_MS, 'idle', 'No ping for a minute.');
        },
        onClose() {
          state = 'closed';
          if (timer) clearTimeout(timer);
          leave?.();
          leave = null;
        },
      };
    }),
  );
  return {
    injectWebSocket,
    /** Ends every live socket (the server cannot close while they are open). */
    closeAll: () => {
      for (const socket of wss.clients) socket.terminate();
    },
  };
}
