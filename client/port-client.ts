import type { Runtime } from 'webextension-polyfill';
import { API_PORT, requests, subscriptions, type ArgsOf, type Requests, type ResultOf, type Subscriptions } from './api';
import { hopMark } from './hop-marks';
import { ToPage, type WireError } from './port-protocol';

/** An error the background reported, in words. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The names the message mentions (owner, customer…), for its translation. */
    readonly params: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface PendingRequest {
  name: string;
  args: unknown;
  resolve(value: unknown): void;
  reject(error: ApiError): void;
}

interface ActiveSubscription {
  name: string;
  args: unknown;
  onData(value: unknown): void;
  onError(error: ApiError): void;
}

/**
 * The pages' side of the API. The background's service worker may be stopped at any time, which
 * closes the Port: the client reconnects (that starts the worker again), subscribes again and
 * re-sends unanswered requests — which is why every request is idempotent.
 */
export class ApiClient {
  private port: Runtime.Port | null = null;
  private nextId = 1;
  private pending = new Map<number, PendingRequest>();
  private subs = new Map<number, ActiveSubscription>();
  private closed = false;

  private connect(): Runtime.Port {
    if (this.port) return this.port;
    const port = browser.runtime.connect({ name: API_PORT });
    this.port = port;
    port.onMessage.addListener((raw: unknown) => this.receive(raw));
    port.onDisconnect.addListener(() => {
      this.port = null;
      if (this.closed) return;
      setTimeout(() => this.resend(), 50);
    });
    return port;
  }

  private resend(): void {
    if (this.closed || (this.pending.size === 0 && this.subs.size === 0)) return;
    const port = this.connect();
    for (const [id, s] of this.subs) port.postMessage({ type: 'subscribe', id, name: s.name, args: s.args });
    for (const [id, r] of this.pending) port.postMessage({ type: 'request', id, name: r.name, args: r.args });
  }

  private receive(raw: unknown): void {
    hopMark('data-received');
    const parsed = ToPage.safeParse(raw);
    if (!parsed.success) return;
    const msg = parsed.data;
    const toError = (e: WireError) => new ApiError(e.code, e.message, e.params);
    const request = this.pending.get(msg.id);
    if (request) {
      this.pending.delete(msg.id);
      if (msg.type === 'error') request.reject(toError(msg.error));
      else request.resolve(msg.value);
      return;
    }
    const sub = this.subs.get(msg.id);
    if (!sub) return;
    if (msg.type === 'error') sub.onError(toError(msg.error));
    else sub.onData(msg.value);
  }

  /** Asks the background once; the result is parsed with the declared schema. */
  request<N extends keyof Requests>(name: N, args: ArgsOf<Requests[N]>): Promise<ResultOf<Requests[N]>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        name,
        args,
        resolve: (v) => {
          const r = requests[name].result.safeParse(v);
          if (r.success) resolve(r.data as ResultOf<Requests[N]>);
          else reject(new ApiError('bad_response', `unexpected answer to ${name}`));
        },
        reject,
      });
      this.connect().postMessage({ type: 'request', id, name, args });
    });
  }

  /** Receives a fresh value whenever it changes, until the returned function is called. */
  subscribe<N extends keyof Subscriptions>(
    name: N,
    args: ArgsOf<Subscriptions[N]>,
    onData: (value: ResultOf<Subscriptions[N]>) => void,
    onError: (error: ApiError) => void = () => {},
  ): () => void {
    const id = this.nextId++;
    let first = true;
    this.subs.set(id, {
      name,
      args,
      onData: (v) => {
        const r = subscriptions[name].result.safeParse(v);
        hopMark('data-parsed');
        if (first) hopMark(`first-parsed:${name}`);
        first = false;
        if (r.success) onData(r.data as ResultOf<Subscriptions[N]>);
        else onError(new ApiError('bad_response', `unexpected ${name} data: ${r.error.issues[0]?.message ?? ''}`));
      },
      onError,
    });
    hopMark(`subscribe:${name}`);
    this.connect().postMessage({ type: 'subscribe', id, name, args });
    return () => {
      this.subs.delete(id);
      this.port?.postMessage({ type: 'unsubscribe', id });
    };
  }

  close(): void {
    this.closed = true;
    this.port?.disconnect();
  }
}
