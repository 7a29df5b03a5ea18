import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from './db/connect';
import { migrateToLatest } from './db/migrate';
import { GroupCommitter } from './group-commit';

let database: OpenDatabase;
beforeEach(async () => {
  database = openDatabase(':memory:');
  await migrateToLatest(database.db);
});
afterEach(() => database.close());

const team = (id: string) => ({ id, name: id, domains: '[]', settings: '{}', head_version: 1, version: 1, created_at: 0 });

describe('GroupCommitter', () => {
  it('runs work arriving together in one transaction, and answers nobody before it commits', async () => {
    const committer = new GroupCommitter(database.db);
    const events: string[] = [];
    const jobs = ['a', 'b', 'c'].map((id) =>
      committer
        .run(async (trx) => {
          await trx.insertInto('teams').values(team(id)).execute();
          // Inside the group: the earlier jobs' rows are visible, nothing is committed yet.
          events.push(`${id} sees ${(await trx.selectFrom('teams').select('id').execute()).length}`);
          return id;
        })
        .then((value) => events.push(`${value} answered`)),
    );
    await Promise.all(jobs);
    expect(events).toEqual(['a sees 1', 'b sees 2', 'c sees 3', 'a answered', 'b answered', 'c answered']);
    expect((await database.db.selectFrom('teams').select('id').execute()).map((t) => t.id).sort()).toEqual(['a', 'b', 'c']);
  });

  it('rolls back only the job that fails; the rest of its group commits', async () => {
    const committer = new GroupCommitter(database.db);
    const results = await Promise.allSettled([
      committer.run((trx) => trx.insertInto('teams').values(team('a')).execute()),
      committer.run(async (trx) => {
        await trx.insertInto('teams').values(team('b')).execute();
        throw new Error('refused halfway');
      }),
      committer.run((trx) => trx.insertInto('teams').values(team('c')).execute()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await database.db.selectFrom('teams').select('id').execute()).map((t) => t.id).sort()).toEqual(['a', 'c']);
  });

  it('keeps working after a group, with work that comes later', async () => {
    const committer = new GroupCommitter(database.db);
    await committer.run((trx) => trx.insertInto('teams').values(team('a')).execute());
    await committer.run((trx) => trx.insertInto('teams').values(team('b')).execute());
    expect(await database.db.selectFrom('teams').select('id').execute()).toHaveLength(2);
  });
});
