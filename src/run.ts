/**
 * Running compiled rules on a database: compile for the database's dialect, execute through the
 * driver, and read the rows back as KQL values (the conformance-case encoding).
 */
import type { Source } from './diagnostics.js';
import { DatabaseError, type Database } from './db/database.js';
import { fromSqlValue, type CaseValue } from './db/values.js';
import type { Column, Plan } from './ir/nodes.js';
import { printPlan } from './compile.js';

export interface ResultSet {
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly CaseValue[])[];
  /** The statement that produced the rows. */
  readonly sql: string;
}

/** Prints `plan` for the database's dialect, runs it and decodes the rows by KQL type. */
export async function executePlan(db: Database, plan: Plan, source?: Source): Promise<ResultSet> {
  const sql = printPlan(plan, db.dialect, source);
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
