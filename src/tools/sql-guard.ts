import { InvalidArgumentError } from "../errors.js";

const TIME_FILTER = /\bp_event_time\b|\bp_occurs_(?:since|between|around|after|before)\s*\(/i;
const READ_STATEMENT = /^\s*(?:\/\*[\s\S]*?\*\/\s*|--[^\n]*\n\s*)*(select|with|show|describe|desc|explain)\b/i;
const TABLE_READ = /\b(from|join)\s+[\w."]/i;
const METADATA = /\binformation_schema\b/i;

/**
 * Guards data-lake SQL before it reaches Panther: read statements only, and scans of Panther log
 * tables must be bounded in time (unbounded scans are slow and costly on a real data lake).
 */
export function checkDataLakeSql(sql: string, databaseName: string): void {
  if (!READ_STATEMENT.test(sql)) {
    throw new InvalidArgumentError("sql: only read queries (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN) can run through this tool.");
  }
  const onPantherTables = databaseName.toLowerCase().startsWith("panther_") || /\bpanther_\w+\./i.test(sql);
  if (onPantherTables && TABLE_READ.test(sql) && !METADATA.test(sql) && !TIME_FILTER.test(sql)) {
    throw new InvalidArgumentError(
      "sql: queries on Panther log tables must filter on time, or they scan the whole table. " +
        "Add a p_event_time condition or a p_occurs_* macro, e.g. " +
        "`SELECT * FROM panther_logs.public.aws_cloudtrail WHERE p_occurs_since('1 day') LIMIT 100` or " +
        "`... WHERE p_event_time >= DATEADD(hour, -6, CURRENT_TIMESTAMP())`.",
    );
  }
}
