// Checks that every read of a Panther log table in a query is bounded in time, and that the query
// writes nothing. Works on the parser's AST; anything it cannot place is refused, not let through.
import { InvalidArgumentError } from "../../errors.js";
import { isIdent, isNode, isQuery, norm, variant, written, type Ident, type Node } from "./ast.js";

const TIME_COLUMN = "p_event_time";
const MACRO = /^p_occurs_(since|between|around|after|before)$/;
/** Statements that can hide inside a query (a CTE or a WITH body) and change data. */
const WRITES = new Set(["Insert", "Update", "Delete", "Merge"]);
/** Joins whose ON condition restricts the rows read from the table they bring in. */
const RESTRICTING_JOINS = new Set(["Join", "Inner", "Left", "LeftOuter", "Semi", "LeftSemi", "Anti", "LeftAnti", "AsOf", "StraightJoin"]);
const COMPARISONS = new Set(["Eq", "Lt", "LtEq", "Gt", "GtEq"]);
/** FROM items that are functions (FLATTEN, TABLE(...), UNNEST...): they bring no p_event_time of a log table. */
const FUNCTION_RELATIONS = new Set(["TableFunction", "Function", "UNNEST", "JsonTable", "OpenJsonTable", "XmlTable"]);

export function fail(message: string): never {
  throw new InvalidArgumentError(`sql: ${message}`);
}

interface TableRef {
  parts: Ident[];
  alias?: Ident;
  /** ON conditions of the joins that brought this table in, where they restrict its rows. */
  on: unknown[];
}

interface FromClause {
  tables: TableRef[];
  /** Other relations that have columns of their own (derived tables, PIVOT...). */
  others: number;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function display(t: TableRef): string {
  const name = t.parts.map(written).join(".");
  return t.alias ? `${name} (alias ${written(t.alias)})` : name;
}

/** The qualifier of a p_event_time column reference ([] when unqualified), or undefined if `e` is not one. */
function timeColumn(e: unknown): Ident[] | undefined {
  const v = variant(e);
  if (v?.[0] === "Identifier" && isIdent(v[1])) return v[1].value.toLowerCase() === TIME_COLUMN ? [] : undefined;
  if (v?.[0] === "CompoundIdentifier" && Array.isArray(v[1]) && v[1].every(isIdent)) {
    const parts = v[1] as Ident[];
    return parts.at(-1)!.value.toLowerCase() === TIME_COLUMN ? parts.slice(0, -1) : undefined;
  }
  return undefined;
}

/** A name given to a macro argument: an identifier, or a string the macro pastes in as one. */
function nameArg(e: unknown): Ident | undefined {
  const v = variant(e);
  if (v?.[0] === "Identifier" && isIdent(v[1])) return v[1];
  if (v?.[0] === "Value" && isNode(v[1])) {
    const lit = variant(v[1].value);
    if (lit?.[0] === "SingleQuotedString" && typeof lit[1] === "string") return { value: lit[1] };
  }
  return undefined;
}

/** The unnamed argument expressions of a function call, or undefined if it has any other kind. */
function plainArgs(fn: Node): unknown[] | undefined {
  const list = variant(fn.args);
  if (list?.[0] !== "List" || !isNode(list[1])) return undefined;
  const out: unknown[] = [];
  for (const arg of asArray(list[1].args)) {
    const unnamed = variant(arg);
    const expr = unnamed?.[0] === "Unnamed" ? variant(unnamed[1]) : undefined;
    if (expr?.[0] !== "Expr") return undefined;
    out.push(expr[1]);
  }
  return out;
}

/** Date and time parts, which Snowflake takes unquoted as the first argument of DATEADD, DATEDIFF, DATE_TRUNC... */
const DATE_PARTS = new Set(
  (
    "year y yy yyy yyyy yr years yrs month mm mon mons months day d dd days dayofmonth week w wk weekofyear woy wy weeks " +
    "quarter q qtr qtrs quarters hour h hh hr hours hrs minute m mi min minutes mins second s sec seconds secs " +
    "millisecond ms msec milliseconds microsecond us usec microseconds nanosecond ns nsec nanosec nsecond nanoseconds nanosecs nseconds"
  ).split(" "),
);

/**
 * Whether `e` is a value that depends on no column (a literal, a parameter, CURRENT_TIMESTAMP(), DATEADD(day, -1, ...),
 * a cast or an interval): only a comparison with such a value restricts which rows are read. Subqueries do not count.
 */
function isConstant(e: unknown): boolean {
  const v = variant(e);
  if (!v) return false;
  const [kind, body] = v;
  if (kind === "Value" || kind === "TypedString") return true;
  if (!isNode(body)) return false;
  switch (kind) {
    case "Nested":
      return isConstant(body);
    case "BinaryOp":
      return isConstant(body.left) && isConstant(body.right);
    case "UnaryOp":
    case "Cast":
      return isConstant(body.expr);
    case "Interval":
      return isConstant(body.value);
    case "Function": {
      if ((body.over ?? null) !== null || (body.filter ?? null) !== null) return false;
      if (body.args === "None") return true; // CURRENT_TIMESTAMP, CURRENT_DATE
      const args = plainArgs(body);
      return (
        args !== undefined &&
        args.every((a, i) => {
          const id = variant(a);
          const datePart =
            i === 0 && id?.[0] === "Identifier" && isIdent(id[1]) && !id[1].quote_style && DATE_PARTS.has(id[1].value.toLowerCase());
          return datePart || isConstant(a);
        })
      );
    }
    default:
      return false;
  }
}

/** The ON condition of a join when it restricts the rows of the table the join brings in. */
function restrictingOn(operator: unknown): unknown {
  const v = variant(operator);
  if (!v || !RESTRICTING_JOINS.has(v[0])) return undefined;
  const constraint = v[0] === "AsOf" && isNode(v[1]) ? v[1].constraint : v[1];
  const c = variant(constraint);
  return c?.[0] === "On" ? c[1] : undefined;
}

function unboundedMessage(t: TableRef, only: boolean): string {
  const q = written(t.alias ?? t.parts.at(-1)!);
  const macro = only ? "p_occurs_since('1 day')" : `p_occurs_since('1 day', ${q})`;
  const column = only ? TIME_COLUMN : `${q}.${TIME_COLUMN}`;
  return (
    `${display(t)} is read without a time bound, so the query would scan the whole table. ` +
    `In the WHERE (or JOIN ... ON) of the SELECT that reads it, add a p_occurs_* macro or a comparison of p_event_time ` +
    `with a value that depends on no column, as its own AND term (not inside an OR, a subquery or the select list), e.g. \`WHERE ${macro}\` or \`WHERE ${column} >= DATEADD(day, -1, CURRENT_TIMESTAMP())\`` +
    (only ? "." : `, qualified with ${q} because the SELECT reads more than one table.`)
  );
}

export class BoundChecker {
  /** Table nodes already checked as part of a SELECT's FROM; any other table node is refused if it is Panther's. */
  private readonly handled = new WeakSet<object>();

  constructor(private readonly databaseName: string) {}

  check(statement: unknown): void {
    this.visit(statement, []);
  }

  /** Walks every node; `scope` holds the CTE names visible here, innermost last. */
  private visit(node: unknown, scope: Set<string>[]): void {
    if (Array.isArray(node)) {
      for (const item of node) this.visit(item, scope);
      return;
    }
    if (!isNode(node)) return;
    if (isQuery(node)) {
      this.visitQuery(node, scope);
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      if (WRITES.has(key) && isNode(child))
        fail(`only reads can run here; this query contains ${key === "Insert" ? "an" : "a"} ${key.toUpperCase()}.`);
      if (key === "Select" && isNode(child) && Array.isArray(child.projection)) this.checkSelect(child, scope);
      if (key === "Table" && isNode(child)) this.checkStrayTable(child, scope);
      this.visit(child, scope);
    }
  }

  private visitQuery(query: Node, scope: Set<string>[]): void {
    const names = new Set<string>();
    const inner = [...scope, names];
    const w = isNode(query.with) ? query.with : undefined;
    for (const cte of asArray(w?.cte_tables)) {
      const name = isNode(cte) && isNode(cte.alias) && isIdent(cte.alias.name) ? norm(cte.alias.name) : undefined;
      // A CTE sees the ones before it; itself only when declared RECURSIVE.
      if (name !== undefined && w?.recursive === true) names.add(name);
      this.visit(isNode(cte) ? cte.query : undefined, inner);
      if (name !== undefined) names.add(name);
    }
    for (const [key, child] of Object.entries(query)) if (key !== "with") this.visit(child, inner);
  }

  private tableRef(table: Node, on: unknown[]): TableRef {
    const parts = asArray(table.name).map((p) => {
      const v = variant(p);
      return v?.[0] === "Identifier" && isIdent(v[1]) ? v[1] : undefined;
    });
    if (parts.length === 0 || parts.some((p) => p === undefined))
      fail("IDENTIFIER(...) and TABLE('...') name a table through a string, which cannot be checked; write the table name itself.");
    const alias = isNode(table.alias) && isIdent(table.alias.name) ? table.alias.name : undefined;
    return { parts: parts as Ident[], alias, on };
  }

  private isPantherTable(t: TableRef, scope: Set<string>[]): boolean {
    if (t.parts.length === 1 && scope.some((names) => names.has(norm(t.parts[0]!)))) return false; // a CTE
    const parts = t.parts.map((p) => p.value.toLowerCase());
    if (parts.length > 3) fail(`${display(t)} has ${parts.length} name parts; a table name is at most database.schema.table.`);
    const schema = parts.length >= 2 ? parts.at(-2)! : undefined;
    const database = parts.length === 3 ? parts[0]! : this.databaseName.toLowerCase();
    if (schema === "information_schema") return false;
    return database.startsWith("panther_") || schema?.startsWith("panther_") === true;
  }

  private fromOf(select: Node): FromClause {
    const out: FromClause = { tables: [], others: 0 };
    for (const item of asArray(select.from)) this.collectJoined(item, [], out);
    return out;
  }

  private collectJoined(item: unknown, on: unknown[], out: FromClause): void {
    if (!isNode(item)) return;
    this.collectRelation(item.relation, on, out);
    for (const join of asArray(item.joins)) {
      if (!isNode(join)) continue;
      const cond = restrictingOn(join.join_operator);
      this.collectRelation(join.relation, cond === undefined ? on : [...on, cond], out);
    }
  }

  private collectRelation(relation: unknown, on: unknown[], out: FromClause): void {
    const v = variant(relation);
    if (!v || !isNode(v[1])) return;
    const [kind, body] = v as [string, Node];
    if (kind === "Table") {
      this.handled.add(body);
      // `name(args)` in FROM calls a table function (GENERATOR, a UDTF): no table is named.
      if (body.args === undefined || body.args === null) out.tables.push(this.tableRef(body, on));
    } else if (kind === "NestedJoin") {
      this.collectJoined(body.table_with_joins, on, out);
    } else if (kind === "TableFunction") {
      if (variant(body.expr)?.[0] !== "Function")
        fail("TABLE('...') names a table through a string, which cannot be checked; write the table name itself.");
    } else if (!FUNCTION_RELATIONS.has(kind)) {
      out.others++; // a derived table, PIVOT, MATCH_RECOGNIZE...: its own tables are checked where they are read
    }
  }

  private checkSelect(select: Node, scope: Set<string>[]): void {
    if (select.into !== undefined && select.into !== null) fail("SELECT ... INTO writes a table; only reads can run here.");
    const from = this.fromOf(select);
    const only = from.tables.length === 1 && from.others === 0 ? from.tables[0] : undefined;
    for (const t of from.tables) {
      if (!this.isPantherTable(t, scope)) continue;
      if (this.bounds(select.selection, t, only) || t.on.some((c) => this.bounds(c, t, only))) continue;
      fail(unboundedMessage(t, only === t));
    }
  }

  /** A table node outside any FROM we walked (under PIVOT, MATCH_RECOGNIZE...): refused if it is Panther's. */
  private checkStrayTable(table: Node, scope: Set<string>[]): void {
    if (this.handled.has(table)) return;
    if ("table_name" in table) fail("TABLE <name> reads a whole table; use SELECT ... FROM with a time bound.");
    if (!Array.isArray(table.name) || !Array.isArray(table.with_hints)) return;
    this.handled.add(table);
    const t = this.tableRef(table, []);
    if (this.isPantherTable(t, scope))
      fail(
        `${display(t)} is read where its time bound cannot be checked (e.g. directly under PIVOT or MATCH_RECOGNIZE). ` +
          `Read it in a subquery or CTE whose WHERE bounds p_event_time, e.g. \`WITH recent AS (SELECT * FROM ${display(t)} WHERE p_occurs_since('1 day')) ...\`.`,
      );
  }

  /** Whether a column reference qualified by `qualifier` can only mean table `t`. */
  private refersTo(qualifier: Ident[], t: TableRef): boolean {
    if (t.alias) return qualifier.length === 1 && norm(qualifier[0]!) === norm(t.alias);
    if (qualifier.length === 0 || qualifier.length > t.parts.length) return false;
    const tail = t.parts.slice(-qualifier.length);
    return tail.every((p, i) => norm(p) === norm(qualifier[i]!));
  }

  /** Whether `e` is t's p_event_time column, possibly cast or parenthesised (`p_event_time::date`). */
  private isTimeOf(e: unknown, t: TableRef, only: TableRef | undefined): boolean {
    const v = variant(e);
    if (v?.[0] === "Nested") return this.isTimeOf(v[1], t, only);
    if (v?.[0] === "Cast" && isNode(v[1])) return this.isTimeOf(v[1].expr, t, only);
    const q = timeColumn(e);
    if (q === undefined) return false;
    return q.length === 0 ? only === t : this.refersTo(q, t);
  }

  /** Whether the condition `e`, when true, restricts p_event_time of table `t`. */
  private bounds(e: unknown, t: TableRef, only: TableRef | undefined): boolean {
    const v = variant(e);
    if (!v || !isNode(v[1])) return false;
    const [kind, body] = v as [string, Node];
    if (kind === "Nested") return this.bounds(body, t, only);
    if (kind === "BinaryOp") {
      if (body.op === "And") return this.bounds(body.left, t, only) || this.bounds(body.right, t, only);
      if (body.op === "Or") return this.bounds(body.left, t, only) && this.bounds(body.right, t, only);
      if (typeof body.op !== "string" || !COMPARISONS.has(body.op)) return false;
      return (this.isTimeOf(body.left, t, only) && isConstant(body.right)) || (this.isTimeOf(body.right, t, only) && isConstant(body.left));
    }
    if (kind === "Between")
      return body.negated === false && this.isTimeOf(body.expr, t, only) && isConstant(body.low) && isConstant(body.high);
    if (kind === "Function") return this.macroBounds(body, t, only);
    return false;
  }

  /** p_occurs_*(time args [, table alias [, column]]): bounds t when the alias names t (or t is the only table). */
  private macroBounds(fn: Node, t: TableRef, only: TableRef | undefined): boolean {
    const name = asArray(fn.name);
    const part = name.length === 1 ? variant(name[0]) : undefined;
    const macro = part?.[0] === "Identifier" && isIdent(part[1]) ? MACRO.exec(part[1].value.toLowerCase()) : null;
    const args = macro ? plainArgs(fn) : undefined;
    if (!macro || !args) return false;
    const timeArgs = macro[1] === "between" || macro[1] === "around" ? 2 : 1;
    if (args.length < timeArgs || args.length > timeArgs + 2) return false;
    if (!args.slice(0, timeArgs).every(isConstant)) return false;
    const [alias, column] = args.slice(timeArgs);
    if (column !== undefined && nameArg(column)?.value.toLowerCase() !== TIME_COLUMN) return false;
    if (alias === undefined) return only === t;
    const a = nameArg(alias);
    return a !== undefined && this.refersTo([a], t);
  }
}
