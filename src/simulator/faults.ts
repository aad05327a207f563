// Fault injection for tests: rules that make matching requests slow or fail.

export interface FaultMatch {
  kind?: "graphql" | "rest";
  operationName?: string;
  method?: string;
  /** Exact path, or a prefix when it ends with "*". */
  path?: string;
}

export interface FaultRule {
  match: FaultMatch;
  /** HTTP status to answer with instead of handling the request. */
  status?: number;
  /** Response body for `status` (JSON-encoded unless a string). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (normally, or with `status`/`graphqlErrors`). */
  delayMs?: number;
  /** Answer HTTP 200 with these GraphQL errors. */
  graphqlErrors?: { message: string; extensions?: { code: string } }[];
  /** How many requests the rule applies to; default 1, Infinity allowed. */
  times?: number;
}

export interface FaultControl {
  add(rule: FaultRule): void;
  clear(): void;
  /** Rules still active, with their remaining uses. */
  readonly active: readonly FaultRule[];
}

export interface RequestFacts {
  kind: "graphql" | "rest";
  method: string;
  path: string;
  operationName?: string;
}

function matches(m: FaultMatch, r: RequestFacts): boolean {
  if (m.kind !== undefined && m.kind !== r.kind) return false;
  if (m.method !== undefined && m.method.toUpperCase() !== r.method) return false;
  if (m.operationName !== undefined && m.operationName !== r.operationName) return false;
  if (m.path !== undefined) {
    if (m.path.endsWith("*") ? !r.path.startsWith(m.path.slice(0, -1)) : m.path !== r.path) return false;
  }
  return true;
}

export class Faults implements FaultControl {
  private rules: { rule: FaultRule; left: number }[] = [];

  add(rule: FaultRule): void {
    const times = rule.times ?? 1;
    if (!(times > 0)) return;
    this.rules.push({ rule, left: times });
  }

  clear(): void {
    this.rules = [];
  }

  get active(): readonly FaultRule[] {
    return this.rules.map((r) => ({ ...r.rule, times: r.left }));
  }

  /** The first rule matching the request, consuming one of its uses. */
  take(facts: RequestFacts): FaultRule | undefined {
    const entry = this.rules.find((r) => matches(r.rule.match, facts));
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left <= 0) this.rules = this.rules.filter((r) => r !== entry);
    return entry.rule;
  }
}
