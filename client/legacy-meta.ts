/**
 * Dexie 4 keeps bookkeeping of its own in an object store named `$meta` (a version number under
 * the out-of-line key 'version'). Sidenote's key–value table used to be named `$meta` too, with
 * inline keys, so every schema upgrade of an installed extension failed: Dexie's
 * `put(version, 'version')` into it is a DataError, the upgrade aborts and the database never
 * opens. The table is now `$state`; this moves an installed database's old store to that name
 * (IndexedDB renames a store in place during a version change, rows and all) before Dexie opens.
 */

/** The store Sidenote's key–value table had before it was renamed, and the name it has now. */
export const LEGACY_STORE = '$meta';
export const STATE_STORE = '$state';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** The installed database's version when it holds the old table, else null (never creates a database). */
async function legacyVersion(factory: IDBFactory, name: string): Promise<number | null> {
  const open = factory.open(name);
  // Opened without a version, a missing database would be created empty: abort that instead.
  open.onupgradeneeded = () => open.transaction!.abort();
  const db = await request(open).catch(() => null);
  if (!db) return null;
  try {
    if (!db.objectStoreNames.contains(LEGACY_STORE)) return null;
    // Dexie's own $meta has out-of-line keys; Sidenote's had the inline key path 'key'.
    const keyPath = db.transaction(LEGACY_STORE).objectStore(LEGACY_STORE).keyPath;
    return keyPath === 'key' ? db.version : null;
  } finally {
    db.close();
  }
}

/**
 * Renames the old `$meta` table of database `name` to `$state`, in one version change of its own
 * (the version goes up by one, which Dexie reads as a point between two of its versions, so its
 * next upgrade still runs). Does nothing to a database that is missing or already renamed.
 */
export async function renameLegacyMetaStore(name: string, factory: IDBFactory = indexedDB): Promise<void> {
  const version = await legacyVersion(factory, name);
  if (version === null) return;
  const open = factory.open(name, version + 1);
  open.onupgradeneeded = () => {
    // Another page of the extension may have renamed it a moment ago.
    if (open.result.objectStoreNames.contains(LEGACY_STORE)) open.transaction!.objectStore(LEGACY_STORE).name = STATE_STORE;
  };
  try {
    (await request(open)).close();
  } catch (error) {
    // Raced by another page that moved the version on first: fine once the store is renamed.
    if ((await legacyVersion(factory, name)) !== null) throw error;
  }
}
