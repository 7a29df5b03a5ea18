import type { TestProject } from 'vitest/node';
import { openDatabase } from './db/connect';
import { migrateToLatest } from './db/migrate';
import { createPgDatabase, startPgCluster } from './testing-pg-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test cluster's maintenance database (CREATE DATABASE runs there). */
    pgAdminUrl: string;
    /** A database migrated to the latest schema, copied (CREATE DATABASE … TEMPLATE) for each test database. */
    pgTemplate: string;
  }
}

/**
 * Global setup of the PostgreSQL test projects: one throwaway cluster for the run, and a
 * migrated template database, so a test's fresh database is a copy rather than a migration.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startPgCluster();
  try {
    const templateUrl = await createPgDatabase(cluster.adminUrl);
    const template = openDatabase(templateUrl);
    try {
      await migrateToLatest(template.db);
    } finally {
      await template.close();
    }
    project.provide('pgAdminUrl', cluster.adminUrl);
    project.provide('pgTemplate', new URL(templateUrl).pathname.slice(1));
  } catch (error) {
    cluster.stop();
    throw error;
  }
  return () => cluster.stop();
}
