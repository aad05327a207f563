// npm run contract:diff — what clients will see. The committed test/snapshots/tools.json is the
// contract; this compares the working tree's copy with a git ref and classifies every change.
//   npm run contract:diff                         base: origin/main if it exists, else HEAD~1
//   npm run contract:diff -- --base REF           any git ref
//   npm run contract:diff -- --allow-breaking     breaking changes are intended: exit 0
//   --json                                        machine-readable instead of markdown
// Exit 0: no breaking change (or --allow-breaking); 1: breaking changes; 2: bad usage or unreadable input.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { failureOutput, parseOptions, UsageError } from "./maintainer/command.js";
import { countTokens } from "./tokens.js";
import { compareSnapshots, parseSnapshot, type ContractChange, type Snapshot } from "./maintainer/contract.js";

const SNAPSHOT = "test/snapshots/tools.json";
const HELP = `usage: npm run contract:diff -- [--base REF] [--allow-breaking] [--json]
  --base REF         git ref to compare with (default: origin/main if it exists, else HEAD~1)
  --allow-breaking   the breaking changes are intended: report them, exit 0
  --json             machine-readable report instead of markdown
Compares ${SNAPSHOT} in the working tree with the same file at REF.
Exit code: 0 no breaking change, 1 breaking changes, 2 bad usage.`;

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

const verified = (ref: string, cwd: string) => git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], cwd) !== undefined;

/** tools/list (and prompts/list) tokens: each entry's JSON in o200k, as the token-budget test counts. */
function tokens(list: Record<string, unknown>[] | undefined): number {
  return (list ?? []).reduce((sum, item) => sum + countTokens(JSON.stringify(item)), 0);
}

export interface ContractReport {
  base: string;
  changes: ContractChange[];
  tokens: { tools: { before: number; after: number }; prompts?: { before: number; after: number } };
  /** Per changed tool: tokens before → after (0 = absent). */
  perTool: { name: string; before: number; after: number }[];
  allowBreaking: boolean;
}

export function contractDiff(argv: string[], cwd = process.cwd()): { report: ContractReport; json: boolean } {
  const values = parseOptions(argv, {
    base: { type: "string" },
    "allow-breaking": { type: "boolean" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) throw new UsageError("", true);
  const top = git(["rev-parse", "--show-toplevel"], cwd)?.trim();
  if (!top) throw new UsageError(`${cwd} is not in a git repository`);
  let base = values.base;
  if (base === undefined) {
    base = verified("origin/main", top) ? "origin/main" : "HEAD~1";
    if (!verified(base, top)) throw new UsageError("no base to compare with: there is no origin/main and no HEAD~1; pass --base REF");
  } else if (!verified(base, top)) throw new UsageError(`unknown git ref: ${base}`);

  const file = join(top, SNAPSHOT);
  if (!existsSync(file)) throw new UsageError(`${SNAPSHOT} not found in the working tree (${top})`);
  let after: Snapshot;
  let before: Snapshot;
  try {
    after = parseSnapshot(readFileSync(file, "utf8"), SNAPSHOT);
    const old = git(["show", `${base}:${SNAPSHOT}`], top);
    // A base from before the snapshot existed: everything is new.
    before = old === undefined ? { tools: [] } : parseSnapshot(old, `${base}:${SNAPSHOT}`);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }

  const changes = compareSnapshots(before, after);
  const changed = new Set(changes.filter((c) => c.kind === "tool").map((c) => c.name));
  const cost = (list: Record<string, unknown>[], name: string) => {
    const item = list.find((t) => t.name === name);
    return item ? countTokens(JSON.stringify(item)) : 0;
  };
  const report: ContractReport = {
    base,
    changes,
    tokens: { tools: { before: tokens(before.tools), after: tokens(after.tools) } },
    perTool: [...changed].sort().map((name) => ({ name, before: cost(before.tools, name), after: cost(after.tools, name) })),
    allowBreaking: Boolean(values["allow-breaking"]),
  };
  if (before.prompts || after.prompts) report.tokens.prompts = { before: tokens(before.prompts), after: tokens(after.prompts) };
  return { report, json: Boolean(values.json) };
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

export function toMarkdown(report: ContractReport): string {
  const out: string[] = [];
  const count = (level: string) => report.changes.filter((c) => c.level === level).length;
  const { before, after } = report.tokens.tools;
  out.push(`## Contract diff (${SNAPSHOT} vs ${report.base})`, "");
  out.push(
    report.changes.length
      ? `**${count("breaking")} breaking**, ${count("additive")} additive, ${count("cosmetic")} cosmetic.`
      : "No change to the tools clients see.",
  );
  out.push("", `tools/list tokens (o200k): ${before} → ${after} (${signed(after - before)})`);
  if (report.tokens.prompts) {
    const p = report.tokens.prompts;
    out.push(`prompts/list tokens (o200k): ${p.before} → ${p.after} (${signed(p.after - p.before)})`);
  }
  for (const [level, title] of [
    ["breaking", "Breaking"],
    ["additive", "Additive"],
    ["cosmetic", "Cosmetic"],
  ] as const) {
    const list = report.changes.filter((c) => c.level === level);
    if (!list.length) continue;
    out.push("", `### ${title}`, "");
    for (const c of list) out.push(`- ${c.kind === "prompt" ? "prompt " : ""}\`${c.name}\`: ${c.message}`);
  }
  if (report.perTool.length) {
    out.push("", "| tool | tokens before | after |", "|---|---:|---:|");
    for (const t of report.perTool) out.push(`| \`${t.name}\` | ${t.before || "–"} | ${t.after || "–"} |`);
  }
  if (count("breaking") && report.allowBreaking) out.push("", "Breaking changes are marked intended (--allow-breaking).");
  else if (count("breaking")) out.push("", "Breaking changes fail this check; if they are intended, rerun with --allow-breaking.");
  return `${out.join("\n")}\n`;
}

/** The command: its exit code and what it prints, for the CLI below and for tests in-process. */
export function main(argv: string[], cwd = process.cwd()): { code: number; stdout: string; stderr: string } {
  try {
    const { report, json } = contractDiff(argv, cwd);
    const breaking = report.changes.some((c) => c.level === "breaking");
    const stdout = json ? `${JSON.stringify(report, null, 2)}\n` : toMarkdown(report);
    return { code: breaking && !report.allowBreaking ? 1 : 0, stdout, stderr: "" };
  } catch (error) {
    return failureOutput("contract:diff", HELP, error);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { code, stdout, stderr } = main(process.argv.slice(2));
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exitCode = code;
}
