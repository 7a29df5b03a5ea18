/**
 * A small closed-loop HTTP/1.1 load generator, after autocannon: N keep-alive connections over
 * raw sockets, each with one request in flight, for a fixed time. Raw sockets rather than
 * fetch or http.Agent because the generator shares two cores with the server it measures:
 * the less CPU it burns per request, the more of the machine the server gets.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { meterCpu, type CpuUse } from './cpu';
import { spread, type Spread } from './stats';

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  body: Buffer;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
const REQUEST_TIMEOUT_MS = 10_000;

/** The bytes of one request on a keep-alive connection to `host`. */
export function encodeRequest(host: string, spec: RequestSpec): Buffer {
  const body = spec.body === undefined ? null : Buffer.from(spec.body);
  let head = `${spec.method} ${spec.path} HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n`;
  for (const [name, value] of Object.entries(spec.headers ?? {})) head += `${name}: ${value}\r\n`;
  if (body) head += `Content-Length: ${body.length}\r\n`;
  head += '\r\n';
  return body ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : Buffer.from(head, 'latin1');
}

/** A chunked body starting at `start`: its bytes and where the message ends, or null if incomplete. */
function decodeChunked(buffer: Buffer, start: number): { body: Buffer; end: number } | null {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = buffer.indexOf(CRLF, at);
    if (lineEnd < 0) return null;
    const size = parseInt(buffer.toString('latin1', at, lineEnd), 16);
    at = lineEnd + 2;
    if (size === 0) {
      // No trailers from Node's server: the last chunk is followed by one empty line.
      return buffer.length >= at + 2 ? { body: Buffer.concat(parts), end: at + 2 } : null;
    }
    if (buffer.length < at + size + 2) return null;
    parts.push(buffer.subarray(at, at + size));
    at += size + 2;
  }
}

/** One complete response at the start of `buffer`, or null while more bytes are needed. */
function parseResponse(buffer: Buffer): { response: HttpResponse; end: number; close: boolean } | null {
  const headEnd = buffer.indexOf(HEADER_END);
  if (headEnd < 0) return null;
  const head = buffer.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  let length = -1;
  let chunked = false;
  let close = false;
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (name === 'content-length') length = Number(value);
    else if (name === 'transfer-encoding') chunked = value.includes('chunked');
    else if (name === 'connection') close = value === 'close';
  }
  const bodyStart = headEnd + 4;
  if (chunked) {
    const decoded = decodeChunked(buffer, bodyStart);
    return decoded && { response: { status, body: decoded.body }, end: decoded.end, close };
  }
  if (length < 0) throw new Error(`a response without Content-Length or chunked encoding: ${head.split('\r\n')[0]}`);
  if (buffer.length < bodyStart + length) return null;
  return { response: { status, body: buffer.subarray(bodyStart, bodyStart + length) }, end: bodyStart + length, close };
}

/** One keep-alive connection, one request at a time; reconnects after the server closes it. */
export class KeepAliveConnection {
  private socket: net.Socket | null = null;
  private received: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (r: HttpResponse) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | null = null;

  constructor(private readonly port: number) {}

  request(bytes: Buffer): Promise<HttpResponse> {
    if (this.waiting) return Promise.reject(new Error('one request at a time per connection'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`no response within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
      this.waiting = { resolve, reject, timer };
      this.connected().write(bytes);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private connected(): net.Socket {
    if (this.socket) return this.socket;
    const socket = net.connect({ port: this.port, host: '127.0.0.1', noDelay: true });
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => {
      if (this.socket === socket) this.socket = null;
      this.fail(new Error('the server closed the connection'));
    });
    this.received = Buffer.alloc(0);
    return (this.socket = socket);
  }

  private onData(chunk: Buffer): void {
    this.received = this.received.length ? Buffer.concat([this.received, chunk]) : chunk;
    let parsed;
    try {
      parsed = parseResponse(this.received);
    } catch (error) {
      return this.fail(error as Error);
    }
    if (!parsed) return;
    this.received = this.received.subarray(parsed.end);
    if (parsed.close) this.close();
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) {
      clearTimeout(waiting.timer);
      waiting.resolve(parsed.response);
    }
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = null;
    clearTimeout(waiting.timer);
    this.close();
    waiting.reject(error);
  }
}

export interface LoadOptions {
  /** The server's process group, whose CPU use is reported apart. */
  server: { port: number; pid: number };
  connections: number;
  durationMs: number;
  /** The bytes of request number `seq` (0, 1, 2… per connection) on connection `conn`. */
  request(conn: number, seq: number): Buffer;
  /** Whether a response is the expected one (else it counts as an error). */
  check(response: HttpResponse, conn: number, seq: number): boolean;
}

export interface LoadResult {
  /** Requests answered as expected. */
  ok: number;
  errors: number;
  /** The first unexpected answer or failure, for the report. */
  firstError: string | null;
  seconds: number;
  perSecond: number;
  /** Latency of the expected answers, in ms. */
  latencyMs: Spread;
  cpu: CpuUse;
}

/**
 * Keeps `connections` requests in flight for `durationMs`: each connection sends its next
 * request as soon as the previous answer arrives (a closed loop, like autocannon). Gives up
 * early if most requests fail.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let firstError: string | null = null;
  const cpu = meterCpu([options.server.pid]);
  const started = performance.now();
  const deadline = started + options.durationMs;
  const failed = () => errors > 100 && errors > ok;

  const worker = async (conn: number) => {
    const connection = new KeepAliveConnection(options.server.port);
    try {
      for (let seq = 0; performance.now() < deadline && !failed(); seq++) {
        const bytes = options.request(conn, seq);
        const sent = performance.now();
        try {
          const response = await connection.request(bytes);
          if (options.check(response, conn, seq)) {
            ok++;
            latencies.push(performance.now() - sent);
            continue;
          }
          firstError ??= `HTTP ${response.status}: ${response.body.toString('utf8').slice(0, 300)}`;
        } catch (error) {
          firstError ??= (error as Error).message;
        }
        errors++;
      }
    } finally {
      connection.close();
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_, conn) => worker(conn)));
  const seconds = (performance.now() - started) / 1000;
  return { ok, errors, firstError, seconds, perSecond: ok / seconds, latencyMs: spread(latencies), cpu: cpu.stop() };
}

/** How many runs a benchmark may repeat because other processes disturbed them. */
export interface Repeats {
  left: number;
  /** Runs thrown away so far. */
  discarded: number;
}

/** Other processes using more than this many cores make a run not count. */
const DISTURBED_CORES = 0.25;

/**
 * runLoad, but a run during which other processes on the machine used more than a quarter of a
 * core is thrown away and run again while `repeats` allows: the numbers must be the server's,
 * not a neighbour's build. The last run is kept either way (its CPU column shows the noise).
 */
export async function runUndisturbedLoad(options: LoadOptions, repeats: Repeats): Promise<LoadResult> {
  for (;;) {
    const result = await runLoad(options);
    if (result.cpu.others <= DISTURBED_CORES || repeats.left <= 0) return result;
    repeats.left--;
    repeats.discarded++;
  }
}

/** A sentence for the report on runs thrown away, or nothing. */
export function discardedRuns(repeats: Repeats): string {
  if (repeats.discarded === 0) return '';
  return `${repeats.discarded} run(s) were thrown away and repeated because other processes used more than ${DISTURBED_CORES} cores meanwhile.`;
}
