import { LIVE_PING_MS, LiveToClient, type LiveChanges } from '@/model/live';
import { hopMark } from '../hop-marks';
import { endpoint } from './http';

const BACKOFF_MS = { first: 1_000, max: 30_000 };

/**
 * The background's `/v1/live` socket: pulls when the server pokes (applying first the rows a
 * poke carries, where they follow on). It pings every 20 s (which
 * also keeps Chrome's service worker alive), and reconnects after a drop with exponential
 * backoff and jitter, so a restarted server is not met by every client at once. On each
 * (re)connection it asks for a sync, to catch up on what it missed while away. A server that
 * refuses the token (revoked, member deactivated) is not asked again with it: the sync that
 * follows shows the user they are signed out, and a new session starts the link again.
 */
export class LiveLink {
  private socket: WebSocket | null = null;
  private target: { serverUrl: string; token: string } | null = null;
  private attempt = 0;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** The server refused this token: reconnecting with it would be refused forever. */
  private refused = false;

  /** `onPoke` hears each poke, with the rows it carried if any (model/live.ts LiveChanges). */
  constructor(private readonly onPoke: (changes?: LiveChanges) => void) {}

  /** Connects to this server as this device (a no-op when already doing so). */
  start(serverUrl: string, token: string): void {
    if (this.target?.serverUrl === serverUrl && this.target.token === token) return;
    this.stop();
    this.refused = false;
    this.target = { serverUrl, token };
    this.connect();
  }

  stop(): void {
    this.target = null;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  private clearTimers(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.pingTimer = this.retryTimer = null;
  }

  private connect(): void {
    const target = this.target;
    if (!target) return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(endpoint(target.serverUrl, '/v1/live').href.replace(/^http/, 'ws'));
    } catch {
      return this.retry();
    }
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token: target.token }));
    socket.onmessage = (event) => {
      let message: LiveToClient;
      try {
        message = LiveToClient.parse(JSON.parse(String(event.data)));
      } catch {
        return;
      }
      if (message.type === 'ready') {
        this.attempt = 0;
        this.pingTimer = setInterval(() => socket.send(JSON.stringify({ type: 'ping' })), LIVE_PING_MS);
        this.onPoke();
      } else if (message.type === 'poke') {
        hopMark('poke');
        this.onPoke(message.changes);
      } else if (message.type === 'error' && message.code === 'unauthorized') {
        // The server closed this device's socket: its access was revoked. A sync hears why (401).
        this.refused = true;
        this.onPoke();
      }
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimers();
      this.retry();
    };
  }

  private retry(): void {
    if (!this.target || this.retryTimer || this.refused) return;
    const delay = Math.min(BACKOFF_MS.max, BACKOFF_MS.first * 2 ** this.attempt++);
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        this.connect();
      },
      delay * (0.5 + Math.random() * 0.5),
    );
  }
}
