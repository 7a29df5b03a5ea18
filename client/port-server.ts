import type { Runtime } from 'webextension-polyfill';
import { ZodError, type z } from 'zod';
import { MutationError } from '@/model/mutators';
import { requests, subscriptions, type Requests, type ResultOf, type Subscriptions } from './api';
import { ToBackground, type ToPage, type WireError } from './port-protocol';
import { ServerError } from './sync/http';

export type RequestHandlers = {
  [N in keyof Requests]: (args: z.infer<Requests[N]['args']>) => Promise<ResultOf<Requests[N]>>;
};

/** Starts a subscription: calls `emit` with each fresh value; returns the function that stops it. */
export type SubscriptionHandlers = {
  [N in keyof Subscriptions]: (
    args: z.infer<Subscriptions[N]['args']>,
    emit: (value: ResultOf<Subscriptions[N]>) => void,
    fail: (error: unknown) => void,
  ) => () => void;
};

/** Any thrown thing as words the user can read, with a code the UI may translate. */
export function toWireError(e: unknown): WireError {
  if (e instanceof MutationError) return { code: e.code, message: e.message, params: e.params };
  if (e instanceof ServerError) return { code: e.code, message: e.message };
  if (e instanceof ZodError) {
    const issue = e.issues[0];
    return { code: 'invalid', message: `${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}` };
  }
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

/**
 * Serves the API on one Port from an extension page. Messages are parsed with zod; ports from
 * anything but this extension itself are refused.
 */
export function serveApi(port: Runtime.Port, handlers: RequestHandlers, subs: SubscriptionHandlers): void {
  if (port.sender?.id !== browser.runtime.id) {
    port.disconnect();
    return;
  }
  const active = new Map<number, () => void>();
  const send = (msg: ToPage) => {
    try {
      port.postMessage(msg);
    } catch {
      // The page went away; onDisconnect cleans up.
    }
  };
  port.onMessage.addListener((raw: unknown) => {
    const parsed = ToBackground.safeParse(raw);
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.type === 'unsubscribe') {
      active.get(msg.id)?.();
      active.delete(msg.id);
      return;
    }
    if (msg.type === 'request') {
      const spec = (requests as Record<string, { args: z.ZodType }>)[msg.name];
      const handler = (handlers as Record<string, (a: unknown) => Promise<unknown>>)[msg.name];
      if (!spec || !handler) {
        send({ type: 'error', id: msg.id, error: { code: 'invalid', message: `unknown request ${msg.name}` } });
        return;
      }
      void (async () => {
        try {
          const value = await handler(spec.args.parse(msg.args));
          send({ type: 'result', id: msg.id, value });
        } catch (e) {
          send({ type: 'error', id: msg.id, error: toWireError(e) });
        }
      })();
      return;
    }
    const spec = (subscriptions as Record<string, { args: z.ZodType }>)[msg.name];
    const start = (subs as Record<string, SubscriptionHandlers[keyof SubscriptionHandlers]>)[msg.name];
    if (!spec || !start) {
      send({ type: 'error', id: msg.id, error: { code: 'invalid', message: `unknown subscription ${msg.name}` } });
      return;
    }
    try {
      active.get(msg.id)?.();
      const stop = (start as (a: unknown, emit: (v: unknown) => void, fail: (e: unknown) => void) => () => void)(
        spec.args.parse(msg.args),
        (value) => send({ type: 'data', id: msg.id, value }),
        (error) => send({ type: 'error', id: msg.id, error: toWireError(error) }),
      );
      active.set(msg.id, stop);
    } catch (e) {
      send({ type: 'error', id: msg.id, error: toWireError(e) });
    }
  });
  port.onDisconnect.addListener(() => {
    for (const stop of active.values()) stop();
    active.clear();
  });
}
