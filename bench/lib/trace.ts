/**
 * Chromium traces of one page (CDP `Tracing` on the page's session), reduced to what the page's
 * main thread did: its tasks, the script each ran (by script URL) and the rendering work in it.
 * Trace events are exact begin/end times, not samples, and carry the thread's CPU time too.
 */
import type { CDPSession } from 'playwright-core';

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  /** Microseconds, on the trace clock. */
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event, microseconds. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown>; name?: string } & Record<string, unknown>;
}

/** What DevTools' performance panel records, plus the task boundaries. */
const CATEGORIES = ['-*', 'toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'];

/** Starts tracing the page behind `session`; `stop()` ends it and returns every event. */
export async function startTrace(session: CDPSession): Promise<{ stop(): Promise<TraceEvent[]> }> {
  const events: TraceEvent[] = [];
  const collect = ({ value }: { value: object[] }) => events.push(...(value as TraceEvent[]));
  session.on('Tracing.dataCollected', collect);
  await session.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordAsMuchAsPossible' } });
  return {
    async stop() {
      const complete = new Promise<void>((done) => session.once('Tracing.tracingComplete', () => done()));
      await session.send('Tracing.end');
      await complete;
      session.off('Tracing.dataCollected', collect);
      return events;
    },
  };
}

/** One task of the main thread, with what ran in it. All times in ms; `cpu…` are thread CPU time. */
export interface MainTask {
  /** Microseconds on the trace clock. */
  start: number;
  ms: number;
  cpuMs: number;
  /** What started it: the IPC interface of the message it handled (`extensions.mojom.MessagePort`), or its first event. */
  trigger: string;
  /** Script of the extension: every script of a task started by an extension message, and elsewhere scripts whose URL `isOurs` accepts (with the style and layout they forced). */
  oursMs: number;
  oursCpuMs: number;
  /** Any script, ours or not. */
  scriptMs: number;
  /** The frame's rendering (style, layout, paint, commit) not forced by a script. */
  renderMs: number;
  renderCpuMs: number;
  /** Thread CPU ms of each rendering step (`Layout`, `Paint`…) in `renderCpuMs`. */
  renderCpuByStep: Record<string, number>;
}

/** Events that run script: `args.data.url` says whose, when it is known. */
const SCRIPT_EVENTS = new Set([
  'FunctionCall',
  'EvaluateScript',
  'v8.callFunction',
  'v8.run',
  'RunMicrotasks',
  'TimerFire',
  'FireAnimationFrame',
  'EventDispatch',
]);
/** The rendering pipeline of a frame. */
const RENDER_EVENTS = new Set(['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit', 'UpdateLayer']);
/** Events that only wrap others: a task's trigger is the first event below them. */
const WRAPPERS = new Set(['ThreadControllerImpl::RunTask', 'SimpleWatcher::OnHandleReady']);

function urlOf(event: TraceEvent): string {
  const data = event.args?.data;
  return typeof data?.url === 'string' ? data.url : '';
}

function mojoInterfaceOf(event: TraceEvent): string | null {
  const info = event.args?.chrome_mojo_event_info as { mojo_interface_tag?: string } | undefined;
  return info?.mojo_interface_tag ?? null;
}

/** A task started by a DevTools protocol command: the test driver's own work (Playwright's evaluate). */
export const isDriverTask = (task: MainTask) => task.trigger.startsWith('blink.mojom.DevTools');
/**
 * A task started by a message from the extension's background: a Port message to the content
 * script. (Other extension IPC, such as injecting the content script, shows as the script it runs.)
 */
export const isExtensionMessageTask = (task: MainTask) => task.trigger === 'extensions.mojom.MessagePort';

/**
 * The renderer main thread of the top frame whose URL starts with `origin`: the process it was
 * last committed in (FrameCommittedInBrowser), or the one listed when tracing started.
 */
export function mainThreadOf(events: TraceEvent[], origin: string): { pid: number; tid: number } | null {
  let pid: number | null = null;
  for (const event of events) {
    if (event.name === 'TracingStartedInBrowser') {
      const frames = (event.args?.data?.frames ?? []) as { url?: string; parent?: string; processId?: number }[];
      const top = frames.find((f) => !f.parent && f.url?.startsWith(origin));
      if (top?.processId) pid = top.processId;
    } else if (event.name === 'FrameCommittedInBrowser') {
      const frame = (event.args?.data ?? {}) as { url?: string; parent?: string; processId?: number };
      if (!frame.parent && frame.url?.startsWith(origin) && frame.processId) pid = frame.processId;
    }
  }
  if (pid === null) return null;
  const thread = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain');
  return thread ? { pid, tid: thread.tid } : null;
}

/**
 * The main thread's tasks, each with the time its scripts took (all of them, and the
 * extension's) and the rendering work not forced by a script. Nested events count once, under
 * the outermost; style and layout forced by a script count as that script's.
 */
export function mainThreadTasks(events: TraceEvent[], thread: { pid: number; tid: number }, isOurs: (url: string) => boolean): MainTask[] {
  const complete = events
    .filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const tasks: MainTask[] = [];
  let task: MainTask | null = null;
  let fromExtension = false;
  /** The events open at this point, outermost last, with what they are inside of. */
  const open: { end: number; script: boolean; ours: boolean; render: boolean }[] = [];
  for (const event of complete) {
    const end = event.ts + event.dur!;
    while (open.length && open[open.length - 1]!.end <= event.ts) open.pop();
    const outer = open[open.length - 1];
    if (!outer) {
      if (event.name !== 'RunTask') continue;
      const ms = event.dur! / 1000;
      task = {
        start: event.ts,
        ms,
        cpuMs: (event.tdur ?? 0) / 1000,
        trigger: '',
        oursMs: 0,
        oursCpuMs: 0,
        scriptMs: 0,
        renderMs: 0,
        renderCpuMs: 0,
        renderCpuByStep: {},
      };
      tasks.push(task);
      fromExtension = false;
      open.push({ end, script: false, ours: false, render: false });
      continue;
    }
    if (!task!.trigger && !WRAPPERS.has(event.name)) {
      task!.trigger = event.name === 'Receive mojo message' ? (mojoInterfaceOf(event) ?? event.name) : event.name;
      fromExtension = isExtensionMessageTask(task!);
    }
    const isScript = SCRIPT_EVENTS.has(event.name);
    let ours = false;
    if (isScript && !outer.script) {
      task!.scriptMs += event.dur! / 1000;
      ours = fromExtension || isOurs(urlOf(event));
    } else if (isScript && !outer.ours) {
      // Our callback run inside someone else's script (a MutationObserver callback in the page's task).
      ours = event.name !== 'RunMicrotasks' && isOurs(urlOf(event));
    }
    if (ours) {
      task!.oursMs += event.dur! / 1000;
      task!.oursCpuMs += (event.tdur ?? 0) / 1000;
    }
    const isRender = RENDER_EVENTS.has(event.name);
    if (isRender && !outer.script && !outer.render) {
      task!.renderMs += event.dur! / 1000;
      task!.renderCpuMs += (event.tdur ?? 0) / 1000;
      task!.renderCpuByStep[event.name] = (task!.renderCpuByStep[event.name] ?? 0) + (event.tdur ?? 0) / 1000;
    }
    open.push({ end, script: outer.script || isScript, ours: outer.ours || ours, render: outer.render || isRender });
  }
  return tasks;
}

/** Traces the page behind `session` while `work` runs. */
export async function traceWhile(session: CDPSession, work: () => Promise<void>): Promise<TraceEvent[]> {
  const trace = await startTrace(session);
  const failure = await work().then(
    () => null,
    (error: unknown) => ({ error }),
  );
  // Stopped even when the work failed, so that the session can trace again.
  const events = await trace.stop();
  if (failure) throw failure.error;
  return events;
}

/** The extension's share of some main-thread tasks (ms; `cpu…` thread CPU time). */
export interface ExtensionWork {
  tasks: number;
  ms: number;
  cpuMs: number;
  scriptMs: number;
  scriptCpuMs: number;
  renderMs: number;
  renderCpuMs: number;
  renderCpuByStep: Record<string, number>;
}

/**
 * The extension's main-thread work among `tasks`, for a window in which the page itself runs
 * nothing: the tasks its messages started, the tasks running its script, and the frames rendered
 * after its DOM changes, each counted whole; never the test driver's own tasks (Playwright).
 */
export function extensionWork(tasks: MainTask[]): ExtensionWork {
  const work: ExtensionWork = { tasks: 0, ms: 0, cpuMs: 0, scriptMs: 0, scriptCpuMs: 0, renderMs: 0, renderCpuMs: 0, renderCpuByStep: {} };
  for (const task of tasks) {
    if (isDriverTask(task) || !(isExtensionMessageTask(task) || task.oursMs > 0 || task.renderMs > 0)) continue;
    work.tasks++;
    work.ms += task.ms;
    work.cpuMs += task.cpuMs;
    work.scriptMs += task.oursMs;
    work.scriptCpuMs += task.oursCpuMs;
    work.renderMs += task.renderMs;
    work.renderCpuMs += task.renderCpuMs;
    for (const [step, ms] of Object.entries(task.renderCpuByStep)) work.renderCpuByStep[step] = (work.renderCpuByStep[step] ?? 0) + ms;
  }
  return work;
}

/** The threads (other than `except`) that ran script whose URL `isOurs` accepts: the extension's service worker, its pages. */
export function threadsRunning(
  events: TraceEvent[],
  isOurs: (url: string) => boolean,
  except: { pid: number; tid: number },
): { pid: number; tid: number }[] {
  const found = new Map<string, { pid: number; tid: number }>();
  for (const e of events) {
    if (e.name !== 'FunctionCall' || (e.pid === except.pid && e.tid === except.tid) || !isOurs(urlOf(e))) continue;
    found.set(`${e.pid}:${e.tid}`, { pid: e.pid, tid: e.tid });
  }
  return [...found.values()];
}

/** CPU ms of the tasks that `thread` started in [from, to) (trace clock, µs). */
export function threadCpuMs(events: TraceEvent[], thread: { pid: number; tid: number }, from: number, to: number): number {
  let cpu = 0;
  for (const e of events) {
    if (e.name === 'RunTask' && e.ph === 'X' && e.pid === thread.pid && e.tid === thread.tid && e.ts >= from && e.ts < to)
      cpu += (e.tdur ?? 0) / 1000;
  }
  return cpu;
}
