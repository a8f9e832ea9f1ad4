/**
 * Table profiles: where a KQL table is stored in a database. A profile names the physical table
 * and, for each KQL column, the physical column holding it. Both sides go through `tableProfile`:
 * the tables rule2sql creates and fills (`db/tables.ts`, hence the loader, coverage and the
 * conformance runners; the Trino executor's DDL) and the scans the printers write, so a plan
 * reading `AzureDiagnostics` reads `socketIP_s` from the column that holds it.
 *
 * There is one profile today, the default: the table under its KQL name, each column under the
 * physical name `backends/column-names.ts` gives it among the table's columns (its KQL name,
 * unless the engine would take that for an earlier column's name). Profiles mapping Sentinel's
 * columns onto tables of another shape (Athena's CloudTrail table `cloudtrail_logs`, Security
 * Lake) are to be further values of `TableProfile`, chosen here.
 */
import { physicalNames, type PhysicalNames } from './backends/column-names.js';
import type { ColumnSchema } from './schema.js';
import type { Dialect } from './types.js';

/** A KQL column and the physical column that holds it. */
export interface ProfileColumn extends ColumnSchema {
  readonly physical: string;
}

export interface TableProfile {
  /** The KQL table name. */
  readonly table: string;
  /** The table in the database. */
  readonly physicalTable: string;
  /** Every KQL column of the table, in schema order. */
  readonly columns: readonly ProfileColumn[];
  /** The physical column of KQL column `name`. */
  physical(name: string): string;
}

/** What a profile is made from: a table's KQL name and columns (a `TableSchema`, a scan). */
export interface TableShape {
  readonly name: string;
  readonly columns: readonly ColumnSchema[];
}

/** Profiles by the physical names they were made from (one per column list and dialect). */
const profiles = new WeakMap<PhysicalNames, TableProfile>();

/** The profile a table of this shape is stored under on `dialect`. */
export function tableProfile(table: TableShape, dialect: Dialect): TableProfile {
  const names = physicalNames(table.columns, dialect);
  const known = profiles.get(names);
  if (known?.table === table.name) return known;
  const profile = defaultProfile(table, names);
  profiles.set(names, profile);
  return profile;
}

function defaultProfile(table: TableShape, names: PhysicalNames): TableProfile {
  const columns = table.columns.map((c, i) => ({ ...c, physical: names.list[i] ?? c.name }));
  return {
    table: table.name,
    physicalTable: table.name,
    columns,
    physical: (name) => names.of(name),
  };
}
