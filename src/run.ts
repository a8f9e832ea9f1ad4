/**
 * Running compiled rules on a database: compile for the database's dialect, execute through the
 * driver, and read the rows back as KQL values (the conformance-case encoding).
 */
import type { Source } from './diagnostics.js';
import { DatabaseError, type Database } from './db/database.js';
import { fromSqlValue, type CaseValue } from './db/values.js';
import type { Column, Plan } from './ir/nodes.js';
import { printPlan } from './compile.js';
import { planScans } from './backends/column-names.js';
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
  for (const table of tables) {
    let present: boolean;
    try {
      present = await hasIngestionTimeColumn(db, table);
    } catch {
      continue; // a missing table: the query itself reports it
    }
    if (!present) {
      throw new DatabaseError(
        `ingestion_time() reads the column ${INGESTION_TIME_COLUMN}, which table ${table} lacks ` +
          `(it was not made by this version of rule2sql); \`rule2sql load\` into it adds the ` +
          `column (rows already there keep no ingestion time), or load into a new database`,
      );
    }
  }
}

/** Prints `plan` for the database's dialect, runs it and decodes the rows by KQL type. */
export async function executePlan(db: Database, plan: Plan, source?: Source): Promise<ResultSet> {
  const sql = printPlan(plan, db.dialect, source);
  await checkIngestionTimeColumns(db, plan);
  let result;
  try {
    result = await db.query(sql);
  } catch (e) {
    if (e instanceof DatabaseError) throw e;
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
