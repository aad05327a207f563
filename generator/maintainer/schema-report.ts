// Prints a schema:diff report as text (terminal), JSON or markdown (a PR comment).
import type { AddedGroup, Finding, SchemaDiffReport } from "./findings.js";
import type { Use } from "./usage.js";

/** How many names of a group are printed before "and N more". */
const SHOWN = 12;

function usedBy(finding: Finding): string {
  if (!finding.uses.length) return "";
  const byTool = new Map<string, string[]>();
  for (const use of finding.uses) {
    const name = use.kind === "client" ? `${use.tool} (@client${use.via?.length ? `, used by ${use.via.join(", ")}` : ""})` : use.tool;
    byTool.set(name, [...(byTool.get(name) ?? []), use.at]);
  }
  return [...byTool].map(([tool, at]) => `${tool} at ${at.join(", ")}`).join("; ");
}

function clientNote(use: Use): string {
  if (use.kind !== "client") return "";
  return `  (@client operation${use.via?.length ? `, used by ${use.via.join(", ")}` : ""})`;
}

function brokenTools(report: SchemaDiffReport): string[] {
  return [...new Set(report.breaking.flatMap((f) => f.uses.map((u) => u.tool)))].sort();
}

/** Root fields are listed in full (each is a candidate tool); other groups are cut short. */
function groupLine(group: AddedGroup): string {
  const limit = group.group === "Query" || group.group === "Mutation" ? Infinity : SHOWN;
  const shown = group.items.slice(0, limit).join(", ");
  const more = group.items.length > limit ? `, and ${group.items.length - limit} more` : "";
  return `${group.group} (${group.items.length}): ${shown}${more}`;
}

/** Fields we declare non-null that Panther's spec marks optional, one line: `Type.{a, b}, Other.c`. */
function optionalLine(report: SchemaDiffReport): string | undefined {
  const byType = new Map<string, Set<string>>();
  for (const f of report.drift) {
    if (!f.optionalInPanther) continue;
    const [type, field] = f.optionalInPanther.split(".");
    byType.set(type, (byType.get(type) ?? new Set()).add(field));
  }
  if (!byType.size) return undefined;
  const parts = [...byType].map(([type, fields]) =>
    fields.size > 1 ? `${type}.{${[...fields].join(", ")}}` : `${type}.${[...fields][0]}`,
  );
  return `non-null here, optional in Panther's REST spec: ${parts.join(", ")}`;
}

/** Per @rest field, what only some of its endpoints have (by design, e.g. a policy has no log types): one line each. */
function partialLines(report: SchemaDiffReport): string[] {
  const byField = new Map<string, string[]>();
  for (const f of report.drift) {
    if (!f.onSomeEndpoints) continue;
    const { field, item } = f.onSomeEndpoints;
    const items = byField.get(field) ?? [];
    if (!items.includes(item)) items.push(item);
    byField.set(field, items);
  }
  return [...byField].map(
    ([field, items]) => `${field}: only some of its endpoints have ${items.join(", ")} (by design; --json says which)`,
  );
}

/** Drift printed one by one: not summed up by optionalLine or partialLines. */
const single = (f: Finding) => !f.optionalInPanther && !f.onSomeEndpoints;

export function toText(report: SchemaDiffReport): string {
  const lines: string[] = [];
  lines.push(`Panther GraphQL: ${report.sources.graphql}`);
  if (report.sources.rest) lines.push(`Panther REST:    ${report.sources.rest}`);
  lines.push("");
  const tools = brokenTools(report);
  lines.push(
    report.breaking.length
      ? `BREAKING for us: ${report.breaking.length} (tools: ${tools.join(", ")})`
      : "Breaking for us: none (every field, argument and endpoint our operations use is there)",
  );
  for (const f of report.breaking) {
    lines.push(`  ✗ [${f.api}] ${f.message}`);
    const width = Math.max(...f.uses.map((u) => u.tool.length));
    for (const u of f.uses) lines.push(`      ${u.tool.padEnd(width)}  ${u.at}${clientNote(u)}`);
  }
  lines.push("");
  lines.push(`Drift (our schema/ differs from Panther's; no tool breaks): ${report.drift.length || "none"}`);
  for (const line of partialLines(report)) lines.push(`  ~ [rest] ${line}`);
  for (const f of report.drift.filter(single)) {
    lines.push(`  ~ [${f.api}] ${f.message}${f.uses.length ? ` (used by ${usedBy(f)})` : ""}`);
  }
  const optional = optionalLine(report);
  if (optional) lines.push(`  ~ [rest] ${optional} (--json lists each)`);
  lines.push("");
  const api = (name: "graphql" | "rest") => report.added.filter((g) => g.api === name);
  lines.push(`New in Panther (not declared in schema/):`);
  for (const [name, title] of [
    ["graphql", "GraphQL"],
    ["rest", "REST"],
  ] as const) {
    const groups = api(name);
    if (!groups.length) continue;
    lines.push(`  ${title}:`);
    for (const g of groups) lines.push(`    + ${groupLine(g)}`);
  }
  if (report.skipped.length) lines.push("", `Known live additions not in this schema, not compared: ${report.skipped.join(", ")}`);
  return `${lines.join("\n")}\n`;
}

export function toJson(report: SchemaDiffReport): string {
  return `${JSON.stringify({ ...report, brokenTools: brokenTools(report) }, null, 2)}\n`;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function toMarkdown(report: SchemaDiffReport): string {
  const out: string[] = [];
  const tools = brokenTools(report);
  out.push(`## Panther schema diff`, "");
  out.push(`Compared with \`${report.sources.graphql}\`${report.sources.rest ? ` and \`${report.sources.rest}\`` : ""}.`, "");
  if (report.breaking.length) {
    out.push(`### ❌ Breaking for us: ${report.breaking.length} (${tools.map((t) => `\`${t}\``).join(", ")})`, "");
    out.push("| API | What changed | Breaks |", "|---|---|---|");
    for (const f of report.breaking) {
      const where = f.uses.map((u) => `\`${u.tool}\` \`${u.at}\``).join("<br>");
      out.push(`| ${f.api} | ${cell(f.message)} | ${where} |`);
    }
  } else out.push("### ✅ Breaking for us: none");
  out.push("");
  out.push(`### Drift: ${report.drift.length || "none"}`, "");
  for (const f of report.drift.filter(single)) out.push(`- ${f.api}: ${cell(f.message)}`);
  for (const line of partialLines(report)) out.push(`- rest: ${cell(line)}`);
  const optional = optionalLine(report);
  if (optional) out.push(`- rest: ${optional}`);
  if (report.drift.length) out.push("");
  const count = report.added.reduce((n, g) => n + g.items.length, 0);
  out.push(`<details><summary>New in Panther: ${count} items in ${report.added.length} groups</summary>`, "");
  for (const g of report.added) out.push(`- ${g.api}: ${cell(groupLine(g))}`);
  out.push("", "</details>");
  if (report.skipped.length) out.push("", `Known live additions not in this schema, not compared: ${report.skipped.join(", ")}.`);
  return `${out.join("\n")}\n`;
}
