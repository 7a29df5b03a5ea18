import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema of their own time */

/**
 * Questions are notes of kind `question`: the note keeps whom it asks and when its asker
 * resolved it (JSON of `NoteQuestion`, null on every other note). Its answers, like
 * acknowledgements and follows, are lines of customer_events: no table of their own.
 */
export const noteQuestions: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('notes').addColumn('question', 'text').execute();
  },
};
