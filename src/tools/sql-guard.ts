// Guards data-lake SQL before it reaches Panther: one read statement, and every read of a Panther log
// table bounded in time (an unbounded scan is slow and costly on a real data lake). The SQL is parsed
// with sqlparser-rs (Snowflake dialect) in a worker started on the first data-lake call (see sql/parse.ts).
import { isNode, variant } from "./sql/ast.js";
import { BoundChecker, fail } from "./sql/bounds.js";
import { parseSnowflake, tooDeep } from "./sql/parse.js";

/** "CreateTable" -> "CREATE TABLE". */
function statementName(kind: string): string {
  return kind.replace(/([a-z])([A-Z])/g, "$1 $2").toUpperCase();
}

const READS = "SELECT, WITH ... SELECT, SHOW, DESCRIBE, or EXPLAIN of a SELECT";

function checkStatement(statement: unknown, databaseName: string): void {
  const v = variant(statement);
  if (!v) fail("could not read the statement.");
  const [kind, body] = v;
  if (kind === "Query") return new BoundChecker(databaseName).check(statement);
  // DESCRIBE and SHOW read metadata only; no rows are scanned.
  if (kind === "ExplainTable" || kind.startsWith("Show")) return;
  if (kind === "Explain" && isNode(body)) {
    if (body.analyze === true) fail("EXPLAIN ANALYZE runs the statement it explains; use EXPLAIN without ANALYZE.");
    const inner = variant(body.statement);
    if (inner?.[0] !== "Query")
      fail(`EXPLAIN is allowed only of a read query (${READS}); this explains a ${statementName(inner?.[0] ?? "?")}.`);
    return new BoundChecker(databaseName).check(body.statement);
  }
  fail(`only read queries can run here (${READS}); this is a ${statementName(kind)} statement.`);
}

/**
 * Throws InvalidArgumentError ("sql: ...") unless `sql` is exactly one read statement whose every read of a
 * Panther log table (a table in a panther_* database) is bounded by a p_event_time condition or a
 * p_occurs_* macro. `databaseName` is the database of unqualified table names.
 */
export async function checkDataLakeSql(sql: string, databaseName: string): Promise<void> {
  const statements = await parseSnowflake(sql);
  if (statements.length === 0) fail("no SQL statement found, only comments or blanks.");
  if (statements.length > 1) fail(`give exactly one statement; this has ${statements.length}. Run them one call at a time.`);
  try {
    checkStatement(statements[0], databaseName);
  } catch (error) {
    if (error instanceof RangeError) tooDeep(); // the walk over a very deep tree ran out of stack
    throw error;
  }
}
