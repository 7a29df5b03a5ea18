import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
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
  // Counted in plain numbers per label set and handed to the registry only when scraped:
  // prom-client's own counters and histograms validate and hash the labels on every call,
  // even through a labelled child, which was a tenth of a health check's CPU.
  const byLabels = new Map<string, RequestCounts>();
  registry.registerMetric(requestsMetric(byLabels) as never);
  registry.registerMetric(latencyMetric(byLabels) as never);
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
  return {
    registry,
    observeRequest(method, route, status, seconds) {
      const key = `${method} ${route} ${status}`;
      let counts = byLabels.get(key);
      if (!counts)
        byLabels.set(key, (counts = { method, route, status: String(status), count: 0, sum: 0, buckets: LATENCY_BUCKETS.map(() => 0) }));
      counts.count++;
      counts.sum += seconds;
      const bucket = LATENCY_BUCKETS.findIndex((bound) => seconds <= bound);
      if (bucket >= 0) counts.buckets[bucket]!++;
      if (status === 200 && route === '/v1/push') pushes.inc();
      else if (status === 200 && route === '/v1/pull') pulls.inc();
    },
  };
}

/** One label set's requests: how many, their total time, and how many fell in each latency bucket (not cumulative). */
interface RequestCounts {
  method: string;
  route: string;
  status: string;
  count: number;
  sum: number;
  buckets: number[];
}

interface MetricValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/** `sidenote_http_requests_total` in the shape prom-client's registry reads a metric's values in. */
function requestsMetric(byLabels: Map<string, RequestCounts>) {
  const name = 'sidenote_http_requests_total';
  const help = 'HTTP requests answered, by method, route and status.';
  return {
    name,
    help,
    type: 'counter',
    aggregator: 'sum',
    get: () => ({
      name,
      help,
      type: 'counter',
      aggregator: 'sum',
      values: [...byLabels.values()].map((c): MetricValue => ({
        labels: { method: c.method, route: c.route, status: c.status },
        value: c.count,
      })),
    }),
  };
}

/** `sidenote_http_request_duration_seconds` (by method and route, statuses summed), as prom-client's Histogram reports one. */
function latencyMetric(byLabels: Map<string, RequestCounts>) {
  const name = 'sidenote_http_request_duration_seconds';
  const help = 'Time from a request arriving to its answer being made, by method and route.';
  const get = () => {
    const byRoute = new Map<string, { method: string; route: string; count: number; sum: number; buckets: number[] }>();
    for (const c of byLabels.values()) {
      const key = `${c.method} ${c.route}`;
      let sum = byRoute.get(key);
      if (!sum) byRoute.set(key, (sum = { method: c.method, route: c.route, count: 0, sum: 0, buckets: LATENCY_BUCKETS.map(() => 0) }));
      sum.count += c.count;
      sum.sum += c.sum;
      c.buckets.forEach((n, i) => (sum.buckets[i]! += n));
    }
    const values: MetricValue[] = [];
    for (const { method, route, count, sum, buckets } of byRoute.values()) {
      let cumulative = 0;
      LATENCY_BUCKETS.forEach((le, i) => {
        cumulative += buckets[i]!;
        values.push({ labels: { le, method, route }, value: cumulative, metricName: `${name}_bucket` });
      });
      values.push({ labels: { le: '+Inf', method, route }, value: count, metricName: `${name}_bucket` });
      values.push({ labels: { method, route }, value: sum, metricName: `${name}_sum` });
      values.push({ labels: { method, route }, value: count, metricName: `${name}_count` });
    }
    return { name, help, type: 'histogram', aggregator: 'sum', values };
  };
  return { name, help, type: 'histogram', aggregator: 'sum', get };
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
