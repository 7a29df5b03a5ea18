import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTIONS, may, permissionTable, PERMISSIONS } from './permissions';

/** The rows of a markdown table as trimmed cells, whatever its column padding. */
function cells(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.trim().startsWith('|') && !/^\|[\s:|-]+\|$/.test(line.trim()))
    .map((line) =>
      line
        .trim()
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
}

describe('the permission matrix', () => {
  it('is the table in the README, row for row', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = /<!-- permissions:start -->([\s\S]*?)<!-- permissions:end -->/.exec(readme)?.[1];
    expect(section, 'README.md has a permissions:start … permissions:end section').toBeDefined();
    expect(cells(section!)).toEqual(cells(permissionTable()));
  });

  it('never gives a rep what it gives no manager, nor a manager what it gives no admin', () => {
    for (const action of ACTIONS) {
      if (may('rep', action)) expect(may('manager', action), action).toBe(true);
      if (may('manager', action)) expect(may('admin', action), action).toBe(true);
    }
    expect(Object.keys(PERMISSIONS)).toEqual(ACTIONS);
    expect(may('rep', 'manageMembers')).toBe(false);
    expect(may('admin', 'manageMembers')).toBe(true);
  });
});
