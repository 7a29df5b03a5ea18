import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { MAX_SELECTOR_FILE_BYTES, SelectorFile } from '../model/selectors';
import type { Database } from './db/schema';
import { selectorFileProblem } from './selector-check';
import { publishSelectors } from './site-selectors';

/** A selector file the admin command cannot publish, with what to fix. */
export class SelectorFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorFileError';
  }
}

/** `selectors:publish`: reads, checks and publishes a selector file from disk. */
export async function publishSelectorFile(db: Kysely<Database>, teamId: string, path: string) {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SelectorFileError(`Cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (Buffer.byteLength(text) > MAX_SELECTOR_FILE_BYTES)
    throw new SelectorFileError(`${path} is larger than ${MAX_SELECTOR_FILE_BYTES / 1024} KiB.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SelectorFileError(`${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = SelectorFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SelectorFileError(`${path}: ${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  const problem = selectorFileProblem(parsed.data);
  if (problem) throw new SelectorFileError(`${path}: ${problem}`);
  const published = await publishSelectors(db, teamId, parsed.data);
  return { ...published, sites: Object.keys(parsed.data.sites) };
}
