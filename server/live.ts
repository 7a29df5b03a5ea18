import { createNodeWebSocket } from '@hono/node-ws';
import type { Hono } from 'hono';
import type { WSContext } from 'hono/ws';
import type { Kysely } from 'kysely';
import { LIVE_PING_MS, LiveToServer, type LiveToClient } from '../model/live';
import { actorForToken } from './auth';
import type { Database } from './db/schema';

/**
 * Who is connected, per team, in this process: after a commit the team's sockets get a poke.
 * Pokes for one team within the same tick are sent once (a push of 100 mutations commits 100
 * times). Several server processes would relay pokes through PostgreSQL LISTEN/NOTIFY.
 */
export class LiveHub {
  private sockets = new Map<string, Set<(message: LiveToClient) => void>>();
  private due = new Set<string>();

  /** Registers a connected member's socket; returns the function that removes it. */
  join(teamId: string, send: (message: LiveToClient) => void): () => void {
    let team = this.sockets.get(teamId);
    if (!team) this.sockets.set(teamId, (team = new Set()));
    team.add(send);
    return () => {
      team.delete(send);
      if (team.size === 0) this.sockets.delete(teamId);
    };
  }

  /** Tells every connected member of the team to pull (soon, once). Never throws. */
  readonly poke = (teamId: string): void => {
    if (this.due.has(teamId)) return;
    this.due.add(teamId);
    setImmediate(() => {
      this.due.delete(teamId);
      for (const send of this.sockets.get(teamId) ?? []) send({ type: 'poke' });
    });
  };

  connections(teamId: string): number {
    return this.sockets.get(teamId)?.size ?? 0;
  }
}

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[\w-]+$/;
const AUTH_TIMEOUT_MS = 10_000;
/** A socket silent for this long (no ping) is dead: the client pings every 20 s. */
const IDLE_TIMEOUT_MS = LIVE_PING_MS * 3;

/**
 * Mounts `GET /v1/live` on the app; returns what attaches WebSocket upgrades to the Node
 * server and what closes them all. Steps: (1) refuse web-page origins; (2) the first message must authenticate
 * within 10 s; (3) then pokes flow until either side closes or the client stops pinging.
 */
export function mountLive(app: Hono, { db, hub }: { db: Kysely<Database>; hub: LiveHub }) {
  const { upgradeWebSocket, injectWebSocket, wss } = createNodeWebSocket({ app });
  app.get(
    '/v1/live',
    upgradeWebSocket((c) => {
      const origin = c.req.header('Origin');
      let leave: (() => void) | null = null;
      let timer: ReturnType<typeof setTimeout> | null = null;
      const send = (ws: WSContext, message: LiveToClient) => ws.readyState === 1 && ws.send(JSON.stringify(message));
      const fail = (ws: WSContext, code: string, message: string) => {
        send(ws, { type: 'error', code, message });
        ws.close(1008, code);
      };
      const expectWithin = (ws: WSContext, ms: number, code: string, message: string) => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => fail(ws, code, message), ms);
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
            if (leave) return;
            const actor = await actorForToken(db, message.token);
            if (!actor) return fail(ws, 'unauthorized', 'This device is not signed in to the team, or its access was revoked.');
            leave = hub.join(actor.teamId, (m) => send(ws, m));
            send(ws, { type: 'ready' });
          } else {
            if (!leave) return fail(ws, 'unauthorized', 'Authenticate first.');
            send(ws, { type: 'pong' });
          }
          expectWithin(ws, IDLE_TIMEOUT_MS, 'idle', 'No ping for a minute.');
        },
        onClose() {
          if (timer) clearTimeout(timer);
          leave?.();
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
