import { Hono } from 'hono';

/** `GET /v1/health`: the process is up (used by `npm start` and monitors). */
export const healthRoutes = new Hono().get('/health', (c) => c.json({ ok: true as const }));
