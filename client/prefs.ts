import { STORAGE_KEYS } from './storage-keys';
import { Prefs } from './api';

const KEY = STORAGE_KEYS.prefs;

/** This device's reminder settings from extension storage; damaged or missing ones give the defaults. */
export async function loadPrefs(): Promise<Prefs> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  const parsed = Prefs.safeParse(stored ?? {});
  return parsed.success ? parsed.data : Prefs.parse({});
}

export async function savePrefs(prefs: Prefs): Promise<void> {
  await browser.storage.local.set({ [KEY]: Prefs.parse(prefs) });
}
