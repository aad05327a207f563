// The type check on a worker thread (generator/typecheck.ts): it guesses with the previous output while
// the generator runs, and the guess must never stand in for files that changed. The files are checked
// against a small project of the same layout (the project's tsconfig, a runtime of one function) rather
// than the real runtime, which verify.test.ts checks against: what is under test here is which check
// answers, and parsing the real runtime and zod again in each worker cost ~0.4 CPU-second a time.
import assert from "node:assert/strict";
import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startTypeCheck } from "../../generator/typecheck.js";
import { countTokens } from "../../generator/tokens.js";
import { verifyCompiles } from "../../generator/verify.js";
import { PROJECT_ROOT } from "./golden-cases.js";

/** The small project: our compiler options and package type; node_modules is ours (TypeScript's code cache). */
let ROOT = "";
before(async () => {
  ROOT = await mkdtemp(join(tmpdir(), "typecheck-project-"));
  const { compilerOptions } = JSON.parse(await readFile(join(PROJECT_ROOT, "tsconfig.json"), "utf8")) as { compilerOptions: object };
  await writeFile(join(ROOT, "tsconfig.json"), JSON.stringify({ compilerOptions }));
  await writeFile(join(ROOT, "package.json"), JSON.stringify({ type: "module" }));
  await mkdir(join(ROOT, "src", "runtime"), { recursive: true });
  await writeFile(join(ROOT, "src", "runtime", "index.ts"), "export function relativeTime(text: string): string {\n  return text;\n}\n");
  await symlink(join(PROJECT_ROOT, "node_modules"), join(ROOT, "node_modules"), "dir");
});
after(() => rm(ROOT, { recursive: true, force: true }));
const GOOD = 'import { relativeTime } from "../src/runtime/index.js";\nexport const t: string = relativeTime("now");\n';
const BAD = 'import { relativeTime } from "../src/runtime/index.js";\n\nexport const t: number = relativeTime("now");\n';
/** The same files one folder down. */
const deeper = (text: string) => text.replace("../src/", "../../src/");

async function previousOutput(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "typecheck-previous-"));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

test("the previous output's check answers only for the very same files; changed files are checked", async (t) => {
  const previous = await previousOutput({ "a.ts": GOOD, "x/b.ts": deeper(GOOD), "catalog.ts": BAD });
  t.after(() => rm(previous, { recursive: true, force: true }));
  const worker = startTypeCheck({ root: ROOT, previous, skip: ["catalog.ts"] });
  try {
    // Same files (the skipped catalog is not part of them): no problems.
    assert.deepEqual(
      await worker.check(
        new Map([
          ["a.ts", GOOD],
          ["x/b.ts", deeper(GOOD)],
        ]),
      ),
      [],
    );
    // One file changed and broken: found, at its line, although the previous output was fine.
    const changed = await worker.check(
      new Map([
        ["a.ts", GOOD],
        ["x/b.ts", deeper(BAD)],
      ]),
    );
    assert.equal(changed.length, 1);
    assert.equal(changed[0].file, "generated/x/b.ts");
    assert.equal(changed[0].line, 3);
    assert.match(changed[0].message, /Type 'string' is not assignable to type 'number'/);
    // A file fewer: a module importing it no longer compiles.
    const fewer = await worker.check(new Map([["a.ts", 'export { t } from "./x/b.js";\n']]));
    assert.equal(fewer.length, 1);
    assert.match(fewer[0].message, /Cannot find module '\.\/x\/b\.js'/);
    // The worker's answer is the one the in-thread check gives.
    const files = new Map([["a.ts", BAD]]);
    assert.deepEqual(await worker.check(files), verifyCompiles(ROOT, files));
  } finally {
    await worker.close();
  }
});

test("with no previous output or a broken one, good files pass; tokens count as the generator counts them; a stopped worker is a clear error", async (t) => {
  const broken = await previousOutput({ "a.ts": BAD });
  t.after(() => rm(broken, { recursive: true, force: true }));
  const fromBroken = startTypeCheck({ root: ROOT, previous: broken, skip: [] });
  try {
    assert.deepEqual(await fromBroken.check(new Map([["a.ts", GOOD]])), []);
  } finally {
    await fromBroken.close();
  }
  const worker = startTypeCheck({ root: ROOT, previous: join(tmpdir(), "no-such-output"), skip: [] });
  try {
    assert.deepEqual(await worker.check(new Map([["a.ts", GOOD]])), []);
    const texts = ['{"name":"list_alerts"}', "", "Panther alerts, newest first."];
    assert.deepEqual(await worker.count(texts), texts.map(countTokens));
  } finally {
    await worker.close();
  }
  await assert.rejects(worker.check(new Map([["a.ts", GOOD]])), /type check worker stopped/);
});
