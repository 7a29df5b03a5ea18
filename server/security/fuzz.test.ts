import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutators, type MutatorName } from '../../model/mutators';
import type { PushResponse } from '../../model/sync';
import { getWith, testServer, type TestServer } from '../testing';
import { CROSS_TEAM_ARGS } from './mutation-cases';
import { ROUTE_CASES } from './route-cases';
import { snapshot, twoTeams, type TeamIds } from './world';

// Fuzzing: whatever arrives — wrong types, huge strings, deep nesting, bytes that are not UTF-8,
// lone surrogates, `__proto__` / `constructor` keys — is answered with a 4xx (or, for a
// mutation inside a well-formed push, a refusal), the server stays up, and the database is
// exactly as it was. Runs: FUZZ_RUNS (default 40 per property).

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

let server: TestServer;
let A: TeamIds;
let before: Awaited<ReturnType<typeof snapshot>>;
beforeAll(async () => {
  server = await testServer();
  ({ A } = await twoTeams(server));
  before = await snapshot(server.db);
});
afterAll(() => server.close());

const deep = (depth: number, leaf: unknown = 'x'): unknown => {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

const proto = () => JSON.parse('{"__proto__":{"role":"admin","polluted":true},"constructor":{"prototype":{"polluted":true}}}') as unknown;

/** Values of the wrong shape whatever the field: nesting, prototype keys, over-long arrays. */
const wrongShape = fc.oneof(
  fc.integer({ min: 50, max: 3000 }).map((d) => deep(d)),
  fc.constant(null).map(proto),
  fc.array(fc.anything(), { minLength: 51, maxLength: 60 }),
);

/** Values a field holding `example` never accepts: for a number no non-negative whole number, for a string no string of a sane length. */
function badFor(example: unknown) {
  if (typeof example === 'number') {
    return fc.oneof(wrongShape, fc.string(), fc.boolean(), fc.constant(null), fc.constantFrom(-1, 0.5, Number.MAX_VALUE, Number.NaN));
  }
  if (typeof example === 'string') {
    return fc.oneof(
      wrongShape,
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant('x'.repeat(300_000)),
      fc.constant('\uD800 lone surrogate'),
    );
  }
  if (typeof example === 'boolean') return fc.oneof(wrongShape, fc.integer(), fc.string(), fc.constant(null));
  return fc.oneof(wrongShape, fc.integer(), fc.string({ minLength: 1 }), fc.constant(null));
}

/** A valid-looking argument object for a mutator with one of its fields made wrong (or the whole thing). */
function brokenArgs(name: MutatorName) {
  const template = CROSS_TEAM_ARGS[name](A) as Record<string, unknown>;
  const fields = Object.keys(template);
  return fc.oneof(
    fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.array(fc.anything(), { maxLength: 3 })),
    fc.constantFrom(...fields).chain((field) => badFor(template[field]).map((value) => ({ ...template, [field]: value }))),
    fc.constant(JSON.parse(`{"__proto__":${JSON.stringify(template)}}`)),
    fc.constant({ constructor: template }),
  );
}

async function stillUp(): Promise<void> {
  expect((await getWith(server, '/v1/health')).status).toBe(200);
}

let mutationId = 1;

describe('fuzzing every mutation’s arguments', () => {
  for (const name of Object.keys(mutators) as MutatorName[]) {
    it(`${name}: refused or 4xx, the server stays up, nothing changes`, async () => {
      await fc.assert(
        fc.asyncProperty(brokenArgs(name), async (args) => {
          const body = JSON.stringify({ clientID: A.rep.clientID, mutations: [{ id: mutationId, name, args, at: 1 }] });
          const res = await server.app.request('/v1/push', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${A.rep.token}` },
            body,
          });
          const text = await res.text();
          if (res.status === 200) {
            mutationId++;
            const { refusals } = JSON.parse(text) as PushResponse;
            expect(refusals.map((r) => r.code)).toEqual([expect.stringMatching(/^(invalid|not_found|forbidden|conflict)$/)]);
          } else {
            expect(res.status, text).toBeGreaterThanOrEqual(400);
            expect(res.status, text).toBeLessThan(500);
          }
          expect(text).not.toMatch(/at .*\.ts:\d+|Error:/);
          expect(await snapshot(server.db)).toEqual(before);
        }),
        { numRuns: RUNS },
      );
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      await stillUp();
    });
  }
});

const rawBody = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => new Uint8Array([0x7b, 0xff, ...bytes, 0xc0, 0x7d])),
  fc.string().map((s) => new TextEncoder().encode(s)),
  fc.integer({ min: 1000, max: 200_000 }).map((d) => new TextEncoder().encode('['.repeat(d) + ']'.repeat(d))),
  fc.integer({ min: 1000, max: 20_000 }).map((d) => new TextEncoder().encode('{"a":'.repeat(d) + '1' + '}'.repeat(d))),
  fc.constant(new TextEncoder().encode('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')),
  fc.constant(new TextEncoder().encode('{"inviteCode":"\\ud800\\ud800","name":"\\udfff","email":"a@b.co"}')),
  fc.constant(new Uint8Array(1024 * 1024 + 10).fill(0x20)),
  // Any JSON but `{}`, which is the whole (valid) body of the routes that take no arguments.
  fc
    .jsonValue()
    .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v) || Object.keys(v).length > 0)
    .map((v) => new TextEncoder().encode(JSON.stringify(v))),
);

const POST_ROUTES = ['POST /v1/join', ...Object.keys(ROUTE_CASES).filter((key) => /^(POST|PUT) /.test(key))];
const pathOf = (route: string) => ROUTE_CASES[route]?.request(A).path.split('?')[0] ?? route.split(' ')[1]!;

describe('fuzzing raw bodies of every POST and PUT route', () => {
  for (const route of POST_ROUTES) {
    it(`${route}: 4xx, the server stays up, nothing changes`, async () => {
      const path = pathOf(route);
      await fc.assert(
        fc.asyncProperty(rawBody, async (bytes) => {
          const res = await server.app.request(path, {
            method: route.split(' ')[0],
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${A.admin.token}` },
            body: bytes,
          });
          const text = await res.text();
          expect(res.status, text.slice(0, 300)).toBeGreaterThanOrEqual(400);
          expect(res.status, text.slice(0, 300)).toBeLessThan(500);
          expect(JSON.parse(text)).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
          expect(await snapshot(server.db)).toEqual(before);
        }),
        { numRuns: Math.ceil(RUNS / 2) },
      );
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      await stillUp();
    });
  }
});
