// The generator CLI on a temporary project laid out like this one: schema/ (a golden case's schema
// plus the real directives), operations/ and generated/. Its main runs in-process; one run of
// --check is a separate process started as npm runs it (scripts/generate.mjs, the bundled CLI), for the wiring.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { main } from "../../generator/cli.js";
import { DIRECTIVES_FILE, GOLDEN_DIR, listTree, PROJECT_ROOT } from "./golden-cases.js";

const CLI = join(PROJECT_ROOT, "scripts", "generate.mjs");

const made: string[] = [];
after(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

/** A throwaway project holding one golden case's inputs; with `withExpected`, its expected/ as generated/. */
async function projectFrom(caseName: string, withExpected: boolean): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), `panther-golden-${caseName}-`));
  made.push(root);
  const source = join(GOLDEN_DIR, caseName);
  await cp(join(source, "schema"), join(root, "schema"), { recursive: true });
  await cp(DIRECTIVES_FILE, join(root, "schema", "directives.graphql"));
  await cp(join(source, "operations"), join(root, "operations"), { recursive: true });
  if (withExpected) await cp(join(source, "expected"), join(root, "generated"), { recursive: true });
  return root;
}

function runCli(cwd: string, args: string[] = []): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

/** The same command in this process, in `cwd`. */
async function generate(cwd: string, args: string[] = []): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const code = await main(args, cwd, (text) => (stderr += text));
  return { code, stderr };
}

const DIAGNOSTIC_LINE = /^[^\s:]+:\d+:\d+: /;

test("invalid input: exit 1, every diagnostic on stderr, generated/ untouched", async () => {
  const root = await projectFrom("error-multiple", false);
  await mkdir(join(root, "generated"));
  await writeFile(join(root, "generated", "marker.txt"), "left alone\n");

  const { code, stderr } = await generate(root);
  assert.equal(code, 1, stderr);
  const expected = await readFile(join(GOLDEN_DIR, "error-multiple", "expected-error.txt"), "utf8");
  const printed = stderr.split("\n").filter((line) => DIAGNOSTIC_LINE.test(line));
  assert.deepEqual(printed, expected.trimEnd().split("\n"));
  assert.match(stderr, /generated\/ left untouched/);
  assert.deepEqual(await listTree(join(root, "generated")), ["marker.txt"]);
  assert.equal(await readFile(join(root, "generated", "marker.txt"), "utf8"), "left alone\n");
});

// One project serves these three, in order (each generate run costs a type check on a worker): its toolset
// folder misc/ is one this project's generated/ does not have, and the compile check places the generated
// files under this project's generated/, so misc/ exists there only in memory until the files are written.
describe("a project whose toolset folder generated/ does not have yet (reserved-words: misc/)", () => {
  let root: string;
  let generated: string;
  let edited: string;
  const expectedDir = join(GOLDEN_DIR, "reserved-words", "expected");
  before(async () => {
    assert.ok(!existsSync(join(PROJECT_ROOT, "generated", "misc")), "the case's toolset folder must be one generated/ lacks");
    root = await projectFrom("reserved-words", true);
    generated = join(root, "generated");
    edited = join(generated, "misc", "class.ts");
    await writeFile(edited, (await readFile(edited, "utf8")) + "// edited by hand\n");
    await writeFile(join(generated, "misc", "old_tool.ts"), "export {};\n");
  });

  test("--check names drifted files", async () => {
    const drifted = await runCli(root, ["--check"]);
    assert.equal(drifted.code, 1, drifted.stderr);
    assert.match(drifted.stderr, /changed misc\/class\.ts/);
    assert.match(drifted.stderr, /stale misc\/old_tool\.ts/);
    assert.doesNotMatch(drifted.stderr, /delete/);
  });

  test("a toolset folder that generated/ does not have yet is generated (it exists only in memory until then)", async () => {
    const written = await generate(root);
    assert.equal(written.code, 0, written.stderr);
    assert.deepEqual(await listTree(generated), await listTree(expectedDir));
    assert.equal(await readFile(edited, "utf8"), await readFile(join(expectedDir, "misc", "class.ts"), "utf8"));
  });

  test("--check passes after generating", async () => {
    const clean = await generate(root, ["--check"]);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stderr, /up to date/);
  });
});
