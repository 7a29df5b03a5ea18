import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAdminArgs, runAdminCommand, UsageError } from './admin';
import { SelectorFileError } from './selector-file';
import { readSelectors } from './site-selectors';
import { teamWithTwoMembers, testServer, type TestServer } from './testing';

let server: TestServer;
let dir: string;
beforeEach(async () => {
  server = await testServer();
  dir = mkdtempSync(join(tmpdir(), 'sidenote-selectors-'));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const publish = (teamId: string, path: string) =>
  runAdminCommand(server.db, parseAdminArgs(['selectors:publish', '--team', teamId, '--file', path]));

describe('npm run admin -- selectors:publish', () => {
  it('publishes a selector file for the team; members then fetch it', async () => {
    const { teamId } = await teamWithTwoMembers(server);
    const selectors = { sites: { qqmail: { classicRowAddress: ['input[name="mailid"][data-from]'] } } };
    const out = await publish(teamId, file('selectors.json', JSON.stringify(selectors)));
    expect(out).toMatchObject({ etag: expect.stringMatching(/^[0-9a-f]{32}$/), sites: ['qqmail'] });
    expect(await readSelectors(server.db, teamId)).toMatchObject({ etag: (out as { etag: string }).etag, file: selectors });
  });

  it('says what is wrong with a file it will not publish, and publishes nothing', async () => {
    const { teamId } = await teamWithTwoMembers(server);
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.json'), /^Cannot read .*missing\.json/],
      [file('bad.json', '{ "sites": '), /bad\.json is not JSON/],
      [file('shape.json', '{"sites":{"outlook":{"readingPane":"#a"}}}'), /shape\.json: sites\.outlook\.readingPane: /],
      [
        file('css.json', '{"sites":{"outlook":{"readingPane":["#a >"]}}}'),
        /css\.json: outlook\.readingPane: the selector "#a >" is not valid CSS/,
      ],
      [file('big.json', JSON.stringify({ sites: {}, pad: 'x'.repeat(70_000) })), /big\.json is larger than 64 KiB/],
    ];
    for (const [path, message] of cases) {
      await expect(publish(teamId, path)).rejects.toThrow(message);
      await expect(publish(teamId, path)).rejects.toBeInstanceOf(SelectorFileError);
    }
    expect(await readSelectors(server.db, teamId)).toEqual({ etag: null, file: null, publishedAt: null });
  });

  it('needs --team and --file', () => {
    expect(() => parseAdminArgs(['selectors:publish', '--team', 't'])).toThrow(new UsageError('--file is required'));
    expect(() => parseAdminArgs(['selectors:publish', '--file', 'f'])).toThrow(new UsageError('--team is required'));
  });
});

describe('npm run admin -- recognition:list', () => {
  it('prints the team’s counts of pages recognised only in part', async () => {
    const { teamId } = await teamWithTwoMembers(server);
    expect(await runAdminCommand(server.db, parseAdminArgs(['recognition:list', '--team', teamId]))).toEqual({ counts: [] });
  });
});
