import { afterEach, describe, expect, it } from 'vitest';
import { dialectOf, openDatabase, type OpenDatabase } from './db/connect';
import { migrateToLatest } from './db/migrate';
import { preparedQuery } from './prepared-query';
import { testDatabaseUrl } from './testing';

const valueOf = preparedQuery(['key'], (db, p) => db.selectFrom('server_state').select('value').where('key', '=', p.key));
const setValue = preparedQuery(['key', 'value'], (db, p) => db.insertInto('server_state').values({ key: p.key, value: p.value }));

describe('preparedQuery', () => {
  let database: OpenDatabase | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it('reads a transaction’s own writes inside it, and never another’s uncommitted ones', async () => {
    database = openDatabase(await testDatabaseUrl());
    const { db } = database;
    await migrateToLatest(db);
    const trx = await db.startTransaction().execute();
    await setValue(trx, { key: 'probe', value: 'written' });
    expect(await valueOf(trx, { key: 'probe' })).toEqual([{ value: 'written' }]);
    let outside: { value: string }[] | undefined;
    const reading = valueOf(db, { key: 'probe' }).then((rows) => (outside = rows));
    await new Promise((r) => setTimeout(r, 20));
    // SQLite's one connection is the transaction's: the read waits for it. PostgreSQL reads what is committed.
    expect(outside).toEqual(dialectOf(db) === 'sqlite' ? undefined : []);
    await trx.commit().execute();
    await reading;
    expect(outside).toEqual(dialectOf(db) === 'sqlite' ? [{ value: 'written' }] : []);
    expect(await valueOf(db, { key: 'probe' })).toEqual([{ value: 'written' }]);
  });
});
