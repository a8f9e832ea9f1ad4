/**
 * Running compiled rules on a database: compile for the database's dialect, execute through the
 * driver, and read the rows back as KQL values (the conformance-case encoding).
 */
import { Codes, CompileError, diagnostic, type Diagnostic, type Source } from './diagnostics.js';
import { DatabaseError, type Database } from './db/database.js';
import { fromSqlValue, type CaseValue } from './db/values.js';
import type { Column, Plan } from './ir/nodes.js';
import { planScans } from './ir/scans.js';
import { printPlan } from './compile.js';
import { CLOUDTRAIL_TABLE } from './loader/cloudtrail.js';
import { hasIngestionTimeColumn } from './db/tables.js';
import { INGESTION_TIME_COLUMN } from './schema.js';

export interface ResultSet {
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly CaseValue[])[];
  /** The statement that produced the rows. */
  readonly sql: string;
}

/**
 * Fails with a DatabaseError naming the table when a table the plan reads `ingestion_time()`
 * from lacks the hidden ingestion-time column (made by an older rule2sql, or not by rule2sql).
 */
async function checkIngestionTimeColumns(db: Database, plan: Plan): Promise<void> {
  const tables = new Set(
    planScans(plan)
      .filter((s) => s.ingestionTime !== undefined)
      .map((s) => s.table),
  );
  // Runs after `missingTables`: every table here exists.
  for (const table of tables) {
    if (!(await hasIngestionTimeColumn(db, table))) {
      throw new DatabaseError(
        `ingestion_time() reads the column ${INGESTION_TIME_COLUMN}, which table ${table} lacks ` +
          `(it was not made by this version of rule2sql); \`rule2sql load\` into it adds the ` +
          `column (rows already there keep no ingestion time), or load into a new database`,
      );
    }
  }
}

/**
 * Prints `plan` for the database's dialect, runs it and decodes the rows by KQL type. A table the
 * plan reads that the database lacks is refused (R2S5005) at the table's place in the query
 * before anything runs, instead of surfacing as the driver's message.
 */
export async function executePlan(db: Database, plan: Plan, source?: Source): Promise<ResultSet> {
  const sql = printPlan(plan, db.dialect, source);
  let result;
  try {
    const missing = await missingTables(db, plan, source);
    if (missing.length > 0) throw new CompileError(missing);
    await checkIngestionTimeColumns(db, plan);
    result = await db.query(sql);
  } catch (e) {
    if (e instanceof DatabaseError || e instanceof CompileError) throw e;
    // The driver's own error (a missing table, a file that is not a database…), with the code
    // every database failure carries.
    const message = e instanceof Error ? e.message : String(e);
    throw new DatabaseError(`the ${db.dialect} database rejected the query: ${message}`, {
      cause: e,
    });
  }
  const columns = plan.root.columns;
  const rows = result.rows.map((raw) =>
    columns.map((c, i) => fromSqlValue(c.type, raw[i], db.dialect)),
  );
  return { columns, rows, sql };
}

/** One diagnostic per table the plan scans that the database has neither as table nor view. */
async function missingTables(db: Database, plan: Plan, source?: Source): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const scan of planScans(plan)) {
    if (seen.has(scan.table)) continue;
    seen.add(scan.table);
    if (await hasRelation(db, scan.table)) continue;
    out.push(
      diagnostic(
        Codes.missingTable,
        `the ${db.dialect} database has no table '${scan.table}'`,
        source,
        scan.span,
        scan.table === CLOUDTRAIL_TABLE
          ? 'load CloudTrail logs with --logs or `rule2sql load`'
          : `\`rule2sql load\` fills only ${CLOUDTRAIL_TABLE}; create and fill ${scan.table} in the database`,
      ),
    );
  }
  return out;
}

async function hasRelation(db: Database, name: string): Promise<boolean> {
  const { rows } =
    db.dialect === 'sqlite'
      ? await db.query(
          "SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE",
          [name],
        )
      : await db.query('SELECT to_regclass($1) IS NOT NULL', [`"${name.replaceAll('"', '""')}"`]);
  return db.dialect === 'sqlite' ? rows.length > 0 : rows[0]?.[0] === true;
}
