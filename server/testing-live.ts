import WebSocket from 'ws';
import { LiveToClient } from '../model/live';

// Test support: a `/v1/live` client over real TCP, as the extension's background opens one.

export interface Peer {
  socket: WebSocket;
  /** Resolves with the next message of this type. */
  next(type: LiveToClient['type']): Promise<LiveToClient>;
  /** Messages received and not yet taken by `next`. */
  inbox: LiveToClient[];
  closed: Promise<number>;
}

/** Opens a live socket to a running server. */
export function connect(url: string, origin?: string): Promise<Peer> {
  const socket = new WebSocket(url.replace(/^http/, 'ws') + '/v1/live', origin ? { origin } : {});
  const inbox: LiveToClient[] = [];
  const waiters: { type: string; done: (m: LiveToClient) => void }[] = [];
  socket.on('message', (data) => {
    const message = LiveToClient.parse(JSON.parse(String(data)));
    const waiter = waiters.findIndex((w) => w.type === message.type);
    if (waiter >= 0) waiters.splice(waiter, 1)[0]!.done(message);
    else inbox.push(message);
  });
  const closed = new Promise<number>((r) => socket.on('close', (code) => r(code)));
  const next = (type: string) =>
    new Promise<LiveToClient>((done) => {
      const i = inbox.findIndex((m) => m.type === type);
      if (i >= 0) done(inbox.splice(i, 1)[0]!);
      else waiters.push({ type, done });
    });
  return new Promise((resolve, reject) => {
    socket.on('open', () => resolve({ socket, next, inbox, closed }));
    socket.on('error', reject);
  });
}

/** A live socket from the extension, authenticated with this token. */
export async function authenticated(url: string, token: string): Promise<Peer> {
  const peer = await connect(url, 'chrome-extension://abcdefghijklmnop');
  peer.socket.send(JSON.stringify({ type: 'auth', token }));
  await peer.next('ready');
  return peer;
}
