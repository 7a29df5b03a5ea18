import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { errorBody } from './errors';

/** The server's Prometheus metrics, in a registry of its own (so in-process tests never share one). */
export interface Metrics {
  registry: Registry;
  /** One finished request: its method, route pattern (`/v1/pull`, never the raw path) and status. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

/** Buckets in seconds, from a cached pull (well under a millisecond) to a slow import. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

export function createMetrics({ liveConnections }: { liveConnections?: () => number } = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sidenote_' });
  const requests = new Counter({
    name: 'sidenote_http_requests_total',
    help: 'HTTP requests answered, by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'sidenote_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer being made, by method and route.',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const pushes = new Counter({ name: 'sidenote_pushes_total', help: 'Pushes answered 200 (POST /v1/push).', registers: [registry] });
  const pulls = new Counter({ name: 'sidenote_pulls_total', help: 'Pulls answered 200 (GET /v1/pull).', registers: [registry] });
  new Gauge({
    name: 'sidenote_live_connections',
    help: 'Open live sockets (GET /v1/live) in this process.',
    registers: [registry],
    collect() {
      this.set(liveConnections?.() ?? 0);
    },
  });
  // The labelled children, made once per label set: prom-client hashes a labels object on
  // every call otherwise, which was most of what metrics cost a request.
  const children = new Map<string, { request: Counter.Internal; latency: Histogram.Internal<'method' | 'route'> }>();
  return {
    registry,
    observeRequest(method, route, status, seconds) {
      const key = `${method} ${route} ${status}`;
      let child = children.get(key);
      if (!child) {
        child = { request: requests.labels(method, route, String(status)), latency: latency.labels(method, route) };
        children.set(key, child);
      }
      child.request.inc();
      child.latency.observe(seconds);
      if (status === 200 && route === '/v1/push') pushes.inc();
      else if (status === 200 && route === '/v1/pull') pulls.inc();
    },
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics` in Prometheus' text format. With METRICS_TOKEN set it wants
 * `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise); without, anyone who reaches it may read it.
 */
export function metricsRoutes(metrics: Metrics, token?: string) {
  return new Hono().get('/metrics', async (c) => {
    if (token !== undefined) {
      const given = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '')?.[1];
      if (given === undefined || !sameSecret(given, token)) {
        return c.json(errorBody('unauthorized', 'This needs the metrics token (METRICS_TOKEN) as a Bearer token.'), 401);
      }
    }
    return c.text(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType });
  });
}
