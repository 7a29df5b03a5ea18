import type { Runtime } from 'webextension-polyfill';
import { z } from '../model/z';
import { MutationError } from '@/model/mutators';
import { requests, subscriptions, type Requests, type ResultOf, type Subscriptions } from './api';
import { mayCall, viewIdsIn, type CallerName } from './callers';
import { hopMark } from './hop-marks';
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
  if (e instanceof z.core.$ZodError) {
    const issue = e.issues[0];
    return { code: 'invalid', message: `${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}` };
  }
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

/** Who is on the other end of an API Port, as the background checked it (client/callers.ts). */
export interface ApiCaller {
  name: CallerName;
  /** Whether these page views are the caller's to use (a sidebar: only views of its own tab). */
  mayUseViews(viewIds: string[]): Promise<boolean>;
}

/** A call outside the caller's vocabulary or views: a bug of ours, or someone else's code; said in words either way. */
const refused = (caller: CallerName, what: string) =>
  new MutationError('forbidden', `The ${caller} may not use ${what}.`, { action: 'caller', caller });

/**
 * Serves the API on one Port from an extension page, to `caller`'s vocabulary only: each message
 * is parsed with zod, its name checked against the caller's list, its arguments parsed, and the
 * page views it names checked to be the caller's, in that order.
 */
export function serveApi(port: Runtime.Port, caller: ApiCaller, handlers: RequestHandlers, subs: SubscriptionHandlers): void {
  const active = new Map<number, () => void>();
  /** Subscriptions asked for and not yet stopped (one may still be starting). */
  const wanted = new Set<number>();
  const send = (msg: ToPage) => {
    try {
      port.postMessage(msg);
    } catch {
      // The page went away; onDisconnect cleans up.
    }
  };
  /** Parses a call's arguments, or says in words why it is not the caller's to make. */
  const admit = async (kind: 'request' | 'subscribe', name: string, schema: z.ZodMiniType | undefined, raw: unknown) => {
    if (!schema || !mayCall(caller.name, kind, name))
      throw refused(caller.name, `${kind === 'request' ? 'the request' : 'the subscription'} ${name}`);
    const args: unknown = schema.parse(raw);
    const views = viewIdsIn(args);
    if (views.length > 0 && !(await caller.mayUseViews(views))) throw refused(caller.name, 'a page view of another tab');
    return args;
  };

  port.onMessage.addListener((raw: unknown) => {
    const parsed = ToBackground.safeParse(raw);
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.type === 'unsubscribe') {
      wanted.delete(msg.id);
      active.get(msg.id)?.();
      active.delete(msg.id);
      return;
    }
    if (msg.type === 'request') {
      const spec = (requests as Record<string, { args: z.ZodMiniType }>)[msg.name];
      const handler = (handlers as Record<string, (a: unknown) => Promise<unknown>>)[msg.name];
      void (async () => {
        try {
          hopMark(`request:${msg.name}`);
          const args = await admit('request', msg.name, handler && spec?.args, msg.args);
          const value = await handler!(args);
          hopMark(`answered:${msg.name}`);
          send({ type: 'result', id: msg.id, value });
        } catch (e) {
          send({ type: 'error', id: msg.id, error: toWireError(e) });
        }
      })();
      return;
    }
    const spec = (subscriptions as Record<string, { args: z.ZodMiniType }>)[msg.name];
    const start = (subs as Record<string, SubscriptionHandlers[keyof SubscriptionHandlers]>)[msg.name];
    wanted.add(msg.id);
    void (async () => {
      try {
        const args = await admit('subscribe', msg.name, start && spec?.args, msg.args);
        // Stopped (or the page gone) while the check waited: start nothing.
        if (!wanted.has(msg.id)) return;
        active.get(msg.id)?.();
        hopMark(`subscribed:${msg.name}`);
        let first = true;
        const stop = (start as (a: unknown, emit: (v: unknown) => void, fail: (e: unknown) => void) => () => void)(
          args,
          (value) => {
            send({ type: 'data', id: msg.id, value });
            if (first) hopMark(`first-sent:${msg.name}`);
            first = false;
          },
          (error) => send({ type: 'error', id: msg.id, error: toWireError(error) }),
        );
        active.set(msg.id, stop);
      } catch (e) {
        send({ type: 'error', id: msg.id, error: toWireError(e) });
      }
    })();
  });
  port.onDisconnect.addListener(() => {
    wanted.clear();
    for (const stop of active.values()) stop();
    active.clear();
  });
}
