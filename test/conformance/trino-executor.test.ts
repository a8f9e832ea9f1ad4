/**
 * The Trino executor against the stand-in coordinator (test/support/trino-standin.ts): the exact
 * statements it sends, the session it sends them in, the decoding of Trino's JSON encoding of
 * every KQL type, paging through `nextUri`, and errors. No Trino engine evaluates anything here.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCaseFile } from '../../src/conformance/case.js';
import {
  athenaEngine,
  CaseSetupError,
  runCase,
  type TableData,
  type TrinoRequest,
} from '../../src/conformance/runner.js';
import {
  checkTrinoServer,
  fromTrinoValue,
  sqlString,
  trinoExecutor,
  trinoLiteral,
} from '../../src/conformance/trino-executor.js';
import { DatabaseError } from '../../src/db/database.js';
import { ValueError } from '../../src/db/values.js';
import type { Column } from '../../src/ir/nodes.js';
import type { KqlType } from '../../src/types.js';
import {
  startTrinoStandin,
  type StandinAnswer,
  type StandinOptions,
  type StandinScript,
  type TrinoStandin,
} from '../support/trino-standin.js';

let standin: TrinoStandin | undefined;

afterEach(async () => {
  await standin?.close();
  standin = undefined;
});

async function start(script: StandinScript, options?: StandinOptions): Promise<TrinoStandin> {
  standin = await startTrinoStandin(script, options);
  return standin;
}

const isSetup = (sql: string): boolean => /^(CREATE|INSERT|DROP) /.test(sql);

/** Empty answers for DDL and DML, `select` for the statement under test. */
function scripted(select: StandinAnswer): StandinScript {
  return (sql) => (isSetup(sql) ? {} : select);
}

function columns(spec: Record<string, KqlType>): Column[] {
  return Object.entries(spec).map(([name, type]) => ({ name, type }));
}

const SCHEMA = 'rule2sql_test';
const fixed = { schemaName: () => SCHEMA };

const awkward: TableData = {
  schema: {
    name: 'Odd"Table',
    columns: [
      { name: 's', type: 'string' },
      { name: 'n', type: 'long' },
      { name: 'i', type: 'int' },
      { name: 'r', type: 'real' },
      { name: 'b', type: 'bool' },
      { name: 'd', type: 'datetime' },
      { name: 't', type: 'timespan' },
      { name: 'j', type: 'dynamic' },
      { name: 'g', type: 'guid' },
    ],
  },
  rows: [
    {
      s: "it's",
      n: 9007199254740993n,
      i: -7,
      r: 1.5,
      b: true,
      d: '2024-01-02T03:04:05.1234567Z',
      t: '-1.02:03:04.5000000',
      j: { k: "it's", a: [1, null], u: 'Zürich ✓' },
      g: '00000000-0000-0000-0000-000000000001',
    },
    {
      s: 'back\\slash and Zürich ✓ 日本',
      n: null,
      i: null,
      r: 'NaN',
      b: false,
      d: null,
      t: '00:00:00.0010000',
      j: "a 'quoted' string",
      g: null,
    },
    { s: null, r: '-Infinity' },
  ],
};

describe('statements', () => {
  it('creates, fills, queries and drops, with every value quoted', async () => {
    const server = await start(scripted({ columns: [{ name: 'x', type: 'bigint' }], rows: [] }));
    const execute = trinoExecutor(server.url, fixed);
    const rows = await execute({
      sql: 'SELECT 1 AS "x" FROM "Odd""Table"',
      tables: [awkward],
      columns: columns({ x: 'long' }),
    });
    expect(rows).toEqual([]);
    const sent = server.statements.map((s) => s.sql);
    expect(sent).toEqual([
      'CREATE SCHEMA "memory"."rule2sql_test"',
      'CREATE TABLE "memory"."rule2sql_test"."Odd""Table" ("s" varchar, "n" bigint, "i" integer, "r" double, "b" boolean, "d" timestamp(6) with time zone, "t" interval day to second, "j" json, "g" varchar)',
      [
        'INSERT INTO "memory"."rule2sql_test"."Odd""Table" ("s", "n", "i", "r", "b", "d", "t", "j", "g") VALUES',
        `  ('it''s', BIGINT '9007199254740993', INTEGER '-7', DOUBLE '1.5', TRUE, TIMESTAMP '2024-01-02 03:04:05.123456 UTC', INTERVAL -'1 02:03:04.500' DAY TO SECOND, JSON '{"k":"it''s","a":[1,null],"u":"Zürich ✓"}', '00000000-0000-0000-0000-000000000001'),`,
        `  ('back\\slash and Zürich ✓ 日本', NULL, NULL, nan(), FALSE, NULL, INTERVAL '0 00:00:00.001' DAY TO SECOND, JSON '"a ''quoted'' string"', NULL),`,
        '  (NULL, NULL, NULL, -infinity(), NULL, NULL, NULL, NULL, NULL)',
      ].join('\n'),
      'SELECT 1 AS "x" FROM "Odd""Table"',
      'DROP TABLE IF EXISTS "memory"."rule2sql_test"."Odd""Table"',
      'DROP SCHEMA IF EXISTS "memory"."rule2sql_test"',
    ]);
  });

  it('runs the query in the scratch schema, in UTC, as the configured user', async () => {
    const server = await start(scripted({ columns: [{ name: 'x', type: 'bigint' }], rows: [] }));
    await trinoExecutor(server.url, { ...fixed, catalog: 'scratch', user: 'alice' })({
      sql: 'SELECT 1 AS "x"',
      tables: [],
      columns: columns({ x: 'long' }),
    });
    const select = server.statements.find((s) => s.sql.startsWith('SELECT'));
    expect(select?.headers).toEqual({
      'x-trino-user': 'alice',
      'x-trino-catalog': 'scratch',
      'x-trino-schema': SCHEMA,
      'x-trino-time-zone': 'UTC',
    });
    expect(server.statements[0]?.sql).toBe('CREATE SCHEMA "scratch"."rule2sql_test"');
  });

  it('uses a new scratch schema per request by default, and skips INSERT for empty tables', async () => {
    const server = await start(scripted({ columns: [{ name: 'x', type: 'bigint' }], rows: [] }));
    const execute = trinoExecutor(server.url);
    const request: TrinoRequest = {
      sql: 'SELECT 1 AS "x"',
      tables: [{ schema: { name: 'E', columns: [{ name: 'a', type: 'string' }] }, rows: [] }],
      columns: columns({ x: 'long' }),
    };
    await execute(request);
    await execute(request);
    const schemas = server.statements
      .filter((s) => s.sql.startsWith('CREATE SCHEMA'))
      .map((s) => s.sql);
    expect(schemas).toHaveLength(2);
    expect(schemas[0]).toMatch(/^CREATE SCHEMA "memory"\."rule2sql_[0-9a-f]{8}_1"$/);
    expect(schemas[1]).toBe(schemas[0]?.replace(/_1"$/, '_2"'));
    expect(server.statements.some((s) => s.sql.startsWith('INSERT'))).toBe(false);
  });

  it('refuses a timespan finer than Trino intervals before sending anything', async () => {
    const server = await start(scripted({}));
    const table: TableData = {
      schema: { name: 'T', columns: [{ name: 't', type: 'timespan' }] },
      rows: [{ t: '00:00:00.0001000' }],
    };
    const run = trinoExecutor(server.url, fixed)({ sql: 'SELECT 1', tables: [table], columns: [] });
    await expect(run).rejects.toThrow(/intervals hold milliseconds; cannot store 100 µs/);
    await expect(run).rejects.toBeInstanceOf(CaseSetupError);
    expect(server.statements).toEqual([]);
  });
});

describe('literals', () => {
  it('doubles single quotes and leaves backslashes and unicode alone', () => {
    expect(sqlString("a'b\\c'' ✓")).toBe("'a''b\\c'''' ✓'");
  });

  it('writes each type as Trino reads it', () => {
    expect(trinoLiteral('long', -9223372036854775808n)).toBe("BIGINT '-9223372036854775808'");
    expect(trinoLiteral('real', 1e21)).toBe("DOUBLE '1e+21'");
    expect(trinoLiteral('real', 'Infinity')).toBe('infinity()');
    expect(trinoLiteral('datetime', '2024-02-29T23:59:59Z')).toBe(
      "TIMESTAMP '2024-02-29 23:59:59.000000 UTC'",
    );
    expect(trinoLiteral('timespan', '2.00:00:00')).toBe("INTERVAL '2 00:00:00.000' DAY TO SECOND");
    expect(trinoLiteral('dynamic', [1, 'x'])).toBe(`JSON '[1,"x"]'`);
    expect(trinoLiteral('dynamic', null)).toBe('NULL');
    expect(() => trinoLiteral('long', 1.5)).toThrow(/1.5 is not a KQL long/);
    expect(() => trinoLiteral('datetime', 'yesterday')).toThrow(
      /"yesterday" is not a KQL datetime/,
    );
  });
});

describe('decoding', () => {
  const kql = columns({
    s: 'string',
    n: 'long',
    i: 'int',
    r: 'real',
    b: 'bool',
    d: 'datetime',
    t: 'timespan',
    j: 'dynamic',
    g: 'guid',
  });
  const trinoColumns = [
    { name: 's', type: 'varchar' },
    { name: 'n', type: 'bigint' },
    { name: 'i', type: 'integer' },
    { name: 'r', type: 'double' },
    { name: 'b', type: 'boolean' },
    { name: 'd', type: 'timestamp(6) with time zone' },
    { name: 't', type: 'interval day to second' },
    { name: 'j', type: 'json' },
    { name: 'g', type: 'uuid' },
  ];
  const wire = [
    [
      "it's ✓",
      9007199254740991,
      -2147483648,
      1.25,
      true,
      '2024-01-02 03:04:05.123456 UTC',
      '1 02:03:04.500',
      '{"a":[1,2.5,null],"b":"x"}',
      '00000000-0000-0000-0000-000000000001',
    ],
    [
      '',
      -1,
      0,
      'NaN',
      false,
      '1999-12-31 23:00:00.000000 -01:00',
      '-0 00:00:01.000',
      '"text"',
      null,
    ],
    [
      null,
      null,
      null,
      'Infinity',
      null,
      '2024-01-01 00:00:00.000 UTC',
      '0 00:00:00.000',
      'null',
      null,
    ],
    [null, null, null, '-Infinity', null, null, null, null, null],
    [null, null, null, -0.5, null, null, null, '[]', null],
  ];
  const decoded = [
    [
      "it's ✓",
      9007199254740991,
      -2147483648,
      1.25,
      true,
      '2024-01-02T03:04:05.1234560Z',
      '1.02:03:04.5000000',
      { a: [1, 2.5, null], b: 'x' },
      '00000000-0000-0000-0000-000000000001',
    ],
    ['', -1, 0, 'NaN', false, '2000-01-01T00:00:00.0000000Z', '-00:00:01', 'text', null],
    [null, null, null, 'Infinity', null, '2024-01-01T00:00:00.0000000Z', '00:00:00', null, null],
    [null, null, null, '-Infinity', null, null, null, null, null],
    [null, null, null, -0.5, null, null, null, [], null],
  ];

  it('reads every KQL type from its Trino encoding, across pages', async () => {
    const server = await start(scripted({ columns: trinoColumns, rows: wire }), { pageSize: 2 });
    const rows = await trinoExecutor(
      server.url,
      fixed,
    )({
      sql: 'SELECT * FROM t',
      tables: [],
      columns: kql,
    });
    expect(rows).toEqual(decoded);
    // Five rows at two a page: the columns page, then three data pages, each through nextUri.
    const select = server.statements.findIndex((s) => s.sql === 'SELECT * FROM t') + 1;
    const id = `20240101_000000_${String(select).padStart(5, '0')}_standin`;
    expect(server.requests.filter((r) => r.includes(id))).toEqual([
      `GET /v1/statement/queued/${id}/0`,
      `GET /v1/statement/executing/${id}/1`,
      `GET /v1/statement/executing/${id}/2`,
      `GET /v1/statement/executing/${id}/3`,
    ]);
  });

  it('keeps every digit of a long sent as decimal text, and refuses a rounded one', () => {
    expect(fromTrinoValue('long', '-9223372036854775808', 'decimal(19,0)')).toBe(
      -9223372036854775808n,
    );
    expect(fromTrinoValue('long', '42', 'decimal(2,0)')).toBe(42);
    expect(() => fromTrinoValue('long', 2 ** 60, 'bigint')).toThrow(ValueError);
    expect(() => fromTrinoValue('long', 2 ** 60, 'bigint')).toThrow(/beyond 2\^53/);
    expect(() => fromTrinoValue('dynamic', '{"big":1152921504606846976}', 'json')).toThrow(
      /rounded/,
    );
  });

  it('refuses values that do not fit the KQL type', () => {
    expect(() => fromTrinoValue('datetime', '2024-01-01 00:00:00 America/New_York')).toThrow(
      /cannot read "2024-01-01 00:00:00 America\/New_York" from Trino as KQL datetime/,
    );
    expect(() => fromTrinoValue('bool', 1, 'integer')).toThrow(/from Trino integer as KQL bool/);
    expect(() => fromTrinoValue('dynamic', '{oops', 'json')).toThrow(/not JSON/);
    expect(() => fromTrinoValue('timespan', '1 25:00:00.000')).toThrow(ValueError);
  });

  it('takes arrays and rows as JSON structure for a dynamic column', () => {
    expect(fromTrinoValue('dynamic', [1, 'a', [true]], 'array(json)')).toEqual([1, 'a', [true]]);
  });

  it('reports a result whose column count differs from the plan', async () => {
    const server = await start(scripted({ columns: [{ name: 'a', type: 'bigint' }], rows: [[1]] }));
    const run = trinoExecutor(
      server.url,
      fixed,
    )({
      sql: 'SELECT 1 AS a',
      tables: [],
      columns: columns({ a: 'long', b: 'string' }),
    });
    await expect(run).rejects.toThrow('Trino returned 1 columns (a), expected 2 (a, b)');
    // The scratch schema is dropped all the same.
    expect(server.statements.at(-1)?.sql).toBe(`DROP SCHEMA IF EXISTS "memory"."${SCHEMA}"`);
  });
});

describe('errors', () => {
  const table: TableData = {
    schema: { name: 'T', columns: [{ name: 'a', type: 'string' }] },
    rows: [{ a: 'x' }],
  };

  it('throws the server message of a failed query and still drops the tables', async () => {
    const message = "line 1:8: Column 'nope' cannot be resolved";
    const server = await start(scripted({ error: message }));
    const run = trinoExecutor(
      server.url,
      fixed,
    )({
      sql: 'SELECT nope FROM "T"',
      tables: [table],
      columns: columns({ nope: 'string' }),
    });
    await expect(run).rejects.toThrow(message);
    expect(server.statements.map((s) => s.sql.split(' (')[0])).toEqual([
      'CREATE SCHEMA "memory"."rule2sql_test"',
      'CREATE TABLE "memory"."rule2sql_test"."T"',
      'INSERT INTO "memory"."rule2sql_test"."T"',
      'SELECT nope FROM "T"',
      'DROP TABLE IF EXISTS "memory"."rule2sql_test"."T"',
      'DROP SCHEMA IF EXISTS "memory"."rule2sql_test"',
    ]);
  });

  it('reports a failed CREATE as a setup error and drops the schema', async () => {
    const server = await start((sql) =>
      sql.startsWith('CREATE TABLE') ? { error: "Unknown type 'json' for column 'a'" } : {},
    );
    const run = trinoExecutor(
      server.url,
      fixed,
    )({
      sql: 'SELECT 1',
      tables: [table],
      columns: [],
    });
    await expect(run).rejects.toThrow(
      "loading the fixture tables failed: Unknown type 'json' for column 'a'",
    );
    await expect(run).rejects.toBeInstanceOf(CaseSetupError);
    expect(server.statements.map((s) => s.sql).at(-1)).toBe(
      'DROP SCHEMA IF EXISTS "memory"."rule2sql_test"',
    );
    expect(server.statements.some((s) => s.sql.startsWith('SELECT'))).toBe(false);
  });

  it('includes the body of an HTTP error', async () => {
    const server = await start(() => ({ httpStatus: 503, body: 'Server is starting' }));
    const run = trinoExecutor(server.url, fixed)({ sql: 'SELECT 1', tables: [], columns: [] });
    await expect(run).rejects.toThrow(/status code 503: Server is starting/);
  });

  it('reports an unreachable server as a DatabaseError (R2S5003), which ends a run', async () => {
    const url = await closedUrl();
    const run = trinoExecutor(url, fixed)({ sql: 'SELECT 1', tables: [], columns: [] });
    await expect(run).rejects.toThrow(
      new RegExp(`^cannot reach the Trino server at ${url}: .*ECONNREFUSED`),
    );
    await expect(run).rejects.toBeInstanceOf(DatabaseError);
    await expect(run).rejects.toMatchObject({ code: 'R2S5003' });
  });

  it('checkTrinoServer makes and drops a scratch schema, and refuses a server that cannot', async () => {
    const server = await start(scripted({}));
    await checkTrinoServer(server.url);
    expect(server.statements.map((s) => s.sql.replace(/_[0-9a-f]{8}_/, '_…_'))).toEqual([
      'CREATE SCHEMA "memory"."rule2sql_…_check"',
      'DROP SCHEMA IF EXISTS "memory"."rule2sql_…_check"',
    ]);
    const refusing = await startTrinoStandin(() => ({ error: "Catalog 'memory' not found" }));
    try {
      const check = checkTrinoServer(refusing.url);
      await expect(check).rejects.toBeInstanceOf(DatabaseError);
      await expect(check).rejects.toThrow(
        `cannot use the Trino server at ${refusing.url} (a scratch schema in its memory catalog): Catalog 'memory' not found`,
      );
    } finally {
      await refusing.close();
    }
  });
});

/** The URL of a stand-in that has been closed again: nothing listens there. */
async function closedUrl(): Promise<string> {
  const server = await startTrinoStandin(scripted({}));
  await server.close();
  return server.url;
}

describe('with the runner', () => {
  const CASE_FILE = fileURLToPath(new URL('trino-cases.json', import.meta.url));
  const doc = {
    id: 'trino-standin',
    tables: { T: { columns: { id: 'long', s: 'string' }, rows: [[1, "o'k"]] } },
    query: 'T | project id, s',
    expected: { columns: ['id', 's'], types: ['long', 'string'], rows: [[1, "o'k"]] },
  };
  const { cases, problems } = parseCaseFile(JSON.stringify([doc]), CASE_FILE);
  const [c] = cases;

  it('compares the decoded rows: a right answer passes, a wrong one fails', async () => {
    expect(problems).toEqual([]);
    if (c === undefined) throw new Error('no case');
    const cols = [
      { name: 'id', type: 'bigint' },
      { name: 's', type: 'varchar' },
    ];
    let answer: readonly (readonly unknown[])[] = [[1, "o'k"]];
    const server = await start((sql) => (isSetup(sql) ? {} : { columns: cols, rows: answer }));
    const engine = athenaEngine(trinoExecutor(server.url, fixed));
    const pass = await runCase(c, engine);
    expect(pass).toMatchObject({ status: 'pass', verified: 'rows' });
    // The compiled statement is sent as printed; the stand-in answered it with the rows above.
    expect(server.statements.map((s) => s.sql)).toContain(pass.sql);
    expect(server.statements.find((s) => s.sql.startsWith('INSERT'))?.sql).toContain(
      `(BIGINT '1', 'o''k')`,
    );
    answer = [[2, "o'k"]];
    const fail = await runCase(c, engine);
    expect(fail).toMatchObject({ status: 'fail', reason: 'rows differ: 1 missing, 1 unexpected' });
  });

  it('stops at a server that does not answer instead of failing the case', async () => {
    if (c === undefined) throw new Error('no case');
    const engine = athenaEngine(trinoExecutor(await closedUrl(), fixed));
    await expect(runCase(c, engine)).rejects.toBeInstanceOf(DatabaseError);
  });
});

describe('rule2sql test', () => {
  it('executes the athena SQL on the server at $TRINO_URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rule2sql-trino-'));
    try {
      const file = join(dir, 'cases.json');
      const doc = {
        id: 'cli-trino',
        tables: { T: { columns: { n: 'long' }, rows: [[5]] } },
        query: 'T | project n',
        expected: { columns: ['n'], types: ['long'], rows: [[5]] },
      };
      writeFileSync(file, JSON.stringify([doc]));
      const server = await start((sql) =>
        isSetup(sql) ? {} : { columns: [{ name: 'n', type: 'bigint' }], rows: [[5]] },
      );
      const bin = fileURLToPath(new URL('../../bin/rule2sql.js', import.meta.url));
      const { stdout } = await promisify(execFile)(
        'node',
        [bin, 'test', file, '-d', 'athena', '--json'],
        { env: { ...process.env, TRINO_URL: server.url } },
      );
      const out = JSON.parse(stdout) as { results: { id: string; status: string }[] };
      expect(out.results).toMatchObject([{ id: 'cli-trino', status: 'pass' }]);
      const sent = server.statements.map((s) => s.sql);
      // The server check's scratch schema first, then the case's.
      expect(sent.map((s) => (isSetup(s) ? s.split(' ')[0] : 'query'))).toEqual([
        'CREATE',
        'DROP',
        'CREATE',
        'CREATE',
        'INSERT',
        'query',
        'DROP',
        'DROP',
      ]);
      expect(sent[5]).toMatch(/FROM "T"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('an unreachable --trino-url is one R2S5003 and exit 2, not a failure per case', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rule2sql-trino-'));
    try {
      const file = join(dir, 'cases.json');
      const doc = (id: string) => ({
        id,
        tables: { T: { columns: { n: 'long' }, rows: [[5]] } },
        query: 'T | project n',
        expected: { columns: ['n'], types: ['long'], rows: [[5]] },
      });
      writeFileSync(file, JSON.stringify([doc('a'), doc('b')]));
      const url = await closedUrl();
      const bin = fileURLToPath(new URL('../../bin/rule2sql.js', import.meta.url));
      const r = spawnSync(
        'node',
        [bin, 'test', file, '-d', 'sqlite', '-d', 'athena', '--trino-url', url],
        { encoding: 'utf8', env: { ...process.env, TRINO_URL: '' } },
      );
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `^error R2S5003: cannot use the Trino server at ${url} \\(a scratch schema in its memory catalog\\): connect ECONNREFUSED`,
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
