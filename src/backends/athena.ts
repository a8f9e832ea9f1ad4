/**
 * Amazon Athena, engine version 3 (Trino-based; checked against the Trino grammar of
 * dt-sql-parser 4.5, December 2026). Until table profiles exist, the statement reads a table
 * shaped like Sentinel's (`AWSCloudTrail` with Sentinel's column names), not the Athena
 * CloudTrail table.
 */
import { TrinoBackend } from './trino.js';

export class AthenaBackend extends TrinoBackend {}
