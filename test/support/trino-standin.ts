/**
 * A stand-in for a Trino coordinator, for testing the Trino executor where no Trino runs: a
 * `node:http` server on 127.0.0.1 (random port) speaking enough of Trino's client REST protocol
 * for trino-client. It does not evaluate SQL: it records each statement with its headers and
 * answers from the script the test gives.
 *
 * Protocol as Trino speaks it: `POST /v1/statement` answers QUEUED with a `nextUri` and no data;
 * `GET nextUri` gives a RUNNING page with the columns and no data, then the rows `pageSize` at a
 * time, the last page FINISHED without `nextUri`; a failure is a FAILED page with `error`.
 * `DELETE nextUri` cancels. A script may also answer with a bare HTTP status and body.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandinColumn {
  readonly name: string;
  /** Trino's type name, e.g. `timestamp(6) with time zone`. */
  readonly type: string;
}

/** The scripted answer to one statement. */
export interface StandinAnswer {
  readonly columns?: readonly StandinColumn[];
  /** Rows in Trino's JSON encoding. */
  readonly rows?: readonly (readonly unknown[])[];
  /** A FAILED result with this message. */
  readonly error?: string;
  /** Answer the POST with this HTTP status and `body` instead (a coordinator-level failure). */
  readonly httpStatus?: number;
  readonly body?: string;
}

export type StandinScript = (sql: string) => StandinAnswer;

export interface RecordedStatement {
  readonly sql: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

export interface TrinoStandin {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly statements: readonly RecordedStatement[];
  /** Every request as `METHOD path`, in arrival order. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

export interface StandinOptions {
  /** Rows per data page (default 2, so that small results already span pages). */
  readonly pageSize?: number;
  /** Requests answered before the server refuses more with 429 (default 500). */
  readonly maxRequests?: number;
}

interface Query {
  readonly id: string;
  readonly answer: StandinAnswer;
  cancelled: boolean;
}

const HEADERS = ['x-trino-user', 'x-trino-catalog', 'x-trino-schema', 'x-trino-time-zone'];

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

export async function startTrinoStandin(
  script: StandinScript,
  options: StandinOptions = {},
): Promise<TrinoStandin> {
  const pageSize = options.pageSize ?? 2;
  const maxRequests = options.maxRequests ?? 500;
  const statements: RecordedStatement[] = [];
  const requests: string[] = [];
  const queries = new Map<string, Query>();
  let base = '';

  const stats = (state: string): object => ({ state, queued: state === 'QUEUED', nodes: 1 });

  /** Page `token` of a query: 0 is the RUNNING page with the columns, then the data pages. */
  const page = (q: Query, token: number): object => {
    const { answer } = q;
    if (answer.error !== undefined) {
      return {
        id: q.id,
        stats: stats('FAILED'),
        error: {
          message: answer.error,
          errorCode: 1,
          errorName: 'GENERIC_USER_ERROR',
          errorType: 'USER_ERROR',
          failureInfo: { type: 'io.trino.spi.TrinoException', message: answer.error },
        },
      };
    }
    const rows = answer.rows ?? [];
    const pages = Math.ceil(rows.length / pageSize);
    const columns = answer.columns === undefined ? {} : { columns: answer.columns };
    const next = (t: number): string => `${base}/v1/statement/executing/${q.id}/${String(t)}`;
    if (token === 0 && pages > 0) {
      return { id: q.id, ...columns, nextUri: next(1), stats: stats('RUNNING') };
    }
    const data = pages === 0 ? [] : rows.slice((token - 1) * pageSize, token * pageSize);
    const last = token >= pages;
    return {
      id: q.id,
      ...columns,
      ...(data.length > 0 ? { data } : {}),
      ...(last ? {} : { nextUri: next(token + 1) }),
      stats: stats(last ? 'FINISHED' : 'RUNNING'),
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = req.url ?? '';
    requests.push(`${req.method ?? ''} ${path}`);
    if (requests.length > maxRequests) {
      send(res, 429, 'the stand-in Trino answered too many requests');
      return;
    }
    if (req.method === 'POST' && path === '/v1/statement') {
      const sql = await readBody(req);
      const headers = Object.fromEntries(
        HEADERS.map((h) => [h, req.headers[h] as string | undefined]),
      );
      statements.push({ sql, headers });
      const answer = script(sql);
      if (answer.httpStatus !== undefined) {
        send(res, answer.httpStatus, answer.body ?? '');
        return;
      }
      const id = `20240101_000000_${String(statements.length).padStart(5, '0')}_standin`;
      queries.set(id, { id, answer, cancelled: false });
      send(res, 200, {
        id,
        infoUri: `${base}/ui/query.html?${id}`,
        nextUri: `${base}/v1/statement/queued/${id}/0`,
        stats: stats('QUEUED'),
      });
      return;
    }
    const m = /^\/v1\/statement\/(?:queued|executing)\/([^/]+)\/(\d+)$/.exec(path);
    const q = m === null ? undefined : queries.get(m[1] ?? '');
    if (m === null || q === undefined) {
      send(res, 404, `no such query: ${path}`);
      return;
    }
    if (req.method === 'DELETE') {
      q.cancelled = true;
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'GET') {
      send(res, 405, `${req.method ?? ''} not allowed`);
      return;
    }
    // The queued URI leads to the first executing page, as Trino's dispatcher does.
    const token = path.includes('/queued/') ? 0 : Number(m[2]);
    send(res, 200, page(q, token));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      send(res, 500, e instanceof Error ? e.message : String(e));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;

  return {
    url: base,
    statements,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => {
          if (e === undefined) resolve();
          else reject(e);
        });
      }),
  };
}
