// npm run contract:diff in a scratch git repository: commit a snapshot, change it the way an
// operation change would (remove an argument, add a tool, reword a description), and check the
// classification, the exit codes and the token figures. The command's main runs in-process, except a
// breaking change and a bad option, run as the maintainer does (a child process through tsx) for the
// wiring. The classifier's rules are checked in-process too.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { main } from "../../generator/contract-diff.js";
import { compareSnapshots, type ContractChange, type Snapshot } from "../../generator/maintainer/contract.js";
import { ROOT, runScript } from "./helpers.js";

const SCRIPT = "generator/contract-diff.ts";
type Tool = Record<string, unknown> & { name: string; inputSchema: { properties: Record<string, unknown>; required?: string[] } };
const committed = JSON.parse(readFileSync(join(ROOT, "test/snapshots/tools.json"), "utf8")) as Tool[] | { tools: Tool[] };
const TOOLS = Array.isArray(committed) ? committed : committed.tools;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const tokens = (tools: unknown[]) => tools.reduce((n: number, t) => n + encode(JSON.stringify(t)).length, 0);
const tool = (tools: Tool[], name: string) => tools.find((t) => t.name === name)!;

describe("contract:diff in a git repository", () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8" });
  const write = (tools: unknown) => writeFileSync(join(repo, "test/snapshots/tools.json"), `${JSON.stringify(tools, null, 2)}\n`);
  const base = clone(TOOLS);
  const changed = clone(TOOLS);

  before(() => {
    repo = mkdtempSync(join(tmpdir(), "contract-diff-"));
    mkdirSync(join(repo, "test/snapshots"), { recursive: true });
    git("init", "-q");
    git("config", "user.email", "test@example.com");
    git("config", "user.name", "test");
    write(base);
    git("add", ".");
    git("commit", "-qm", "base");
    // An argument removed, a tool added, a description reworded.
    const listUsers = tool(changed, "list_users");
    delete listUsers.inputSchema.properties.cursor;
    changed.push({ ...clone(tool(changed, "get_user")), name: "get_user_by_email", title: "Get user by email" });
    tool(changed, "get_role").description = "One role with its permissions. Needs UserRead.";
    write(changed);
  });
  after(() => rmSync(repo, { recursive: true, force: true }));
  /** The command in-process, in the scratch repository. */
  const contractDiff = async (args: string[]) => main(args, repo);

  test("classifies the working tree's changes against --base, with tokens before → after; exit 1 on breaking", async () => {
    const run = await runScript(SCRIPT, ["--base", "HEAD"], { cwd: repo });
    assert.equal(run.code, 1, run.stderr + run.stdout);
    assert.match(run.stdout, /## Contract diff \(test\/snapshots\/tools\.json vs HEAD\)/);
    assert.match(run.stdout, /\*\*1 breaking\*\*, 1 additive, 1 cosmetic\./);
    const section = (title: string) => (run.stdout.split(`### ${title}\n\n`)[1] ?? "").split("\n\n")[0];
    assert.match(section("Breaking"), /^- `list_users`: argument cursor removed$/m);
    assert.match(section("Additive"), /^- `get_user_by_email`: new tool$/m);
    assert.match(section("Cosmetic"), /^- `get_role`: description: .*\[-.*-\]\{\+.*\+\}/m);
    assert.ok(run.stdout.includes(`tools/list tokens (o200k): ${tokens(base)} → ${tokens(changed)} (+${tokens(changed) - tokens(base)})`));
    const cost = (tools: Tool[], name: string) => encode(JSON.stringify(tool(tools, name))).length;
    assert.ok(run.stdout.includes(`| \`list_users\` | ${cost(base, "list_users")} | ${cost(changed, "list_users")} |`));
    assert.ok(run.stdout.includes(`| \`get_user_by_email\` | – | ${cost(changed, "get_user_by_email")} |`));
    assert.match(run.stdout, /rerun with --allow-breaking/);
  });

  test("--allow-breaking reports the same and exits 0; --json parses", async () => {
    const allowed = await contractDiff(["--base", "HEAD", "--allow-breaking"]);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stdout, /Breaking changes are marked intended \(--allow-breaking\)/);
    const json = await contractDiff(["--base", "HEAD", "--json"]);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as { changes: ContractChange[]; tokens: { tools: { before: number; after: number } } };
    assert.deepEqual(
      report.changes.map((c) => [c.level, c.name]),
      [
        ["breaking", "list_users"],
        ["additive", "get_user_by_email"],
        ["cosmetic", "get_role"],
      ],
    );
    assert.deepEqual(report.tokens.tools, { before: tokens(base), after: tokens(changed) });
  });

  test("the default base is HEAD~1 without origin/main; additive and cosmetic changes alone exit 0", async () => {
    git("add", ".");
    git("commit", "-qm", "change");
    const run = await contractDiff([]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /vs HEAD~1\)/);
    // Put the argument back: what is left is a new tool and a reworded description.
    write([...clone(base).map((t) => (t.name === "get_role" ? tool(changed, "get_role") : t)), tool(changed, "get_user_by_email")]);
    const soft = await contractDiff(["--base", "HEAD~1"]);
    assert.equal(soft.code, 0, soft.stdout);
    assert.match(soft.stdout, /\*\*0 breaking\*\*, 1 additive, 1 cosmetic\./);
  });

  test("a snapshot that holds prompts: prompt changes and prompts/list tokens are reported", async () => {
    const prompt = { name: "triage_alerts", description: "Triage open alerts.", arguments: [{ name: "days", required: false }] };
    write({ tools: changed, prompts: [prompt] });
    const run = await contractDiff(["--base", "HEAD"]);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /^- prompt `triage_alerts`: new prompt$/m);
    assert.ok(run.stdout.includes(`prompts/list tokens (o200k): 0 → ${tokens([prompt])} (+${tokens([prompt])})`), run.stdout);
  });

  test("an unknown ref or option exits 2 with a clear message", async () => {
    const ref = await contractDiff(["--base", "no-such-branch"]);
    assert.equal(ref.code, 2);
    assert.match(ref.stderr, /unknown git ref: no-such-branch/);
    const option = await runScript(SCRIPT, ["--bsae", "HEAD"], { cwd: repo });
    assert.equal(option.code, 2);
    assert.match(option.stderr, /Unknown option '--bsae'[\s\S]*usage: npm run contract:diff/);
  });
});

describe("contract classification", () => {
  const levels = (before: Snapshot, after: Snapshot) => compareSnapshots(before, after).map((c) => `${c.level}: ${c.name}: ${c.message}`);
  const alerts = () => clone(tool(TOOLS, "list_alerts"));

  test("narrowing an input is breaking; widening it is additive", () => {
    const before = alerts();
    const after = alerts();
    const props = after.inputSchema.properties as Record<string, Record<string, unknown>>;
    const severities = props.severities.items as { enum: string[] };
    const removed = severities.enum.pop();
    props.page_size.maximum = 10;
    props.name_contains.maxLength = 500;
    props.tenant = { type: "string", description: "Tenant." };
    after.inputSchema.required = [...(after.inputSchema.required ?? []), "tenant"];
    props.detection_id.type = "integer";
    assert.deepEqual(levels({ tools: [before] }, { tools: [after] }).sort(), [
      `additive: list_alerts: name_contains: maxLength 200 → 500 (loosened)`,
      `breaking: list_alerts: detection_id: type "string" → "integer" (narrowed)`,
      `breaking: list_alerts: new required argument tenant`,
      `breaking: list_alerts: page_size: maximum 50 → 10 (tightened)`,
      `breaking: list_alerts: severities[]: enum value "${removed}" removed`,
    ]);
    // The same changes the other way round.
    const back = levels({ tools: [after] }, { tools: [before] });
    assert.ok(back.includes(`additive: list_alerts: severities[]: enum value "${removed}" added`), back.join("\n"));
    assert.ok(back.includes(`breaking: list_alerts: argument tenant removed`));
    assert.ok(back.includes(`additive: list_alerts: page_size: maximum 10 → 50 (loosened)`));
  });

  test("`type` beside an enum only filters its values: adding or dropping it is no change", () => {
    const withType = alerts();
    const without = alerts();
    const window = (tool: ReturnType<typeof alerts>, schema: Record<string, unknown>) =>
      ((tool.inputSchema.properties as Record<string, unknown>).time_window = schema);
    window(withType, { type: "number", enum: [1, 5, 15] });
    window(without, { enum: [1, 5, 15] });
    assert.deepEqual(levels({ tools: [withType] }, { tools: [without] }), []);
    assert.deepEqual(levels({ tools: [without] }, { tools: [withType] }), []);
    // A type that rules out some of the values still narrows.
    window(withType, { type: "string", enum: [1, "a"] });
    window(without, { enum: [1, "a"] });
    assert.deepEqual(levels({ tools: [without] }, { tools: [withType] }), [
      `breaking: list_alerts: time_window: type none → "string" (narrowed)`,
    ]);
  });

  test("a keyword the listing leaves out by rule is cosmetic; the same keyword removed elsewhere is not", () => {
    const before = alerts();
    const props = before.inputSchema.properties as Record<string, Record<string, unknown>>;
    before.inputSchema = { ...before.inputSchema, additionalProperties: false } as Tool["inputSchema"];
    props.severities.minItems = 1;
    props.name_contains.minLength = 1;
    props.count = { type: "integer", maximum: 2147483647 };
    props.detection_id.minLength = 3;
    const after = alerts();
    (after.inputSchema.properties as Record<string, unknown>).count = { type: "integer" };
    assert.deepEqual(levels({ tools: [before] }, { tools: [after] }).sort(), [
      "additive: list_alerts: detection_id: minLength 3 → none (loosened)",
      "cosmetic: list_alerts: additionalProperties false left out of the listing (unknown arguments are still refused by the server)",
      "cosmetic: list_alerts: count: maximum 2147483647 left out of the listing (still enforced by the server)",
      "cosmetic: list_alerts: name_contains: minLength 1 left out of the listing (still enforced by the server)",
      "cosmetic: list_alerts: severities: minItems 1 left out of the listing (still enforced by the server)",
    ]);
    // On a required argument minLength 1 says something: dropping it loosens.
    const required = (tool: Tool) => ({ ...tool, inputSchema: { ...tool.inputSchema, required: ["name_contains"] } });
    assert.ok(
      levels({ tools: [required(before)] }, { tools: [required(after)] }).includes(
        "additive: list_alerts: name_contains: minLength 1 → none (loosened)",
      ),
    );
  });

  test("an argument left out of the listing but named in its description is unlisted, not removed", () => {
    const before = alerts();
    (before.inputSchema.properties as Record<string, unknown>).legacy_filter = { type: "string", description: "Old." };
    const after = alerts();
    after.description = `${String(after.description)} Also: legacy_filter.`;
    assert.ok(
      levels({ tools: [before] }, { tools: [after] }).includes(
        "cosmetic: list_alerts: argument legacy_filter unlisted (named in the description; the server still takes it)",
      ),
    );
    // Not named, or the listing refuses unknown keys: a client can no longer send it.
    assert.ok(levels({ tools: [before] }, { tools: [alerts()] }).includes("breaking: list_alerts: argument legacy_filter removed"));
    const closed = { ...after, inputSchema: { ...after.inputSchema, additionalProperties: false } };
    assert.ok(levels({ tools: [before] }, { tools: [closed] }).includes("breaking: list_alerts: argument legacy_filter removed"));
  });

  test("a read becoming a write or destructive is breaking; a rename is named", () => {
    const before = clone(tool(TOOLS, "get_alert"));
    const write = { ...clone(before), annotations: { readOnlyHint: false, destructiveHint: true } };
    assert.deepEqual(levels({ tools: [before] }, { tools: [write] }), [
      "breaking: get_alert: becomes a write (readOnlyHint off)",
      "breaking: get_alert: becomes destructive",
      "breaking: get_alert: no longer idempotent",
    ]);
    const renamed = { ...clone(before), name: "fetch_alert" };
    assert.deepEqual(levels({ tools: [before] }, { tools: [renamed] }), [
      "breaking: get_alert: tool removed (renamed to fetch_alert?)",
      "additive: fetch_alert: new tool",
    ]);
  });

  test("prompts, when the snapshot holds them, are part of the contract", () => {
    const prompt = {
      name: "triage_alerts",
      description: "Triage open alerts.",
      arguments: [
        { name: "severity", required: false },
        { name: "days", required: false },
      ],
    };
    const changed = {
      ...clone(prompt),
      description: "Triage the open alerts.",
      arguments: [{ name: "severity", required: true }, { name: "limit" }],
    };
    assert.deepEqual(levels({ tools: [], prompts: [prompt] }, { tools: [], prompts: [changed] }).sort(), [
      "additive: triage_alerts: new optional argument limit",
      "breaking: triage_alerts: argument days removed",
      "breaking: triage_alerts: argument severity optional → required",
      "cosmetic: triage_alerts: description: Triage {+the +}open alerts.",
    ]);
    assert.deepEqual(levels({ tools: [], prompts: [prompt] }, { tools: [], prompts: [] }), ["breaking: triage_alerts: prompt removed"]);
  });
});
