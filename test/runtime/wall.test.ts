// The wall between generated/ and src/: the runtime reaches generated code through three entry modules,
// and generated code reaches the runtime only through src/runtime/ (which never imports generated/).
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";

const ROOT = new URL("../..", import.meta.url).pathname;
const ENTRIES = ["generated/index.js", "generated/catalog.js", "generated/prompts/index.js"];

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** The project paths (from the root) that `file` imports or re-exports with relative specifiers. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(/(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"|import\("(\.[^"]+)"\)/g)].map((m) =>
    relative(ROOT, join(ROOT, file, "..", m[1] ?? m[2]!)),
  );
}

test("src/ imports generated/ only through its entry modules", () => {
  const crossings = tsFiles("src").flatMap((file) =>
    importsOf(file)
      .filter((target) => target.startsWith("generated/") && !ENTRIES.includes(target))
      .map((target) => `${file} → ${target}`),
  );
  assert.deepEqual(crossings, []);
});

test("generated/ imports only src/runtime/, and src/runtime/ never imports generated/", () => {
  const fromGenerated = tsFiles("generated").flatMap((file) =>
    importsOf(file)
      .filter((target) => target.startsWith("src/") && !target.startsWith("src/runtime/"))
      .map((target) => `${file} → ${target}`),
  );
  assert.deepEqual(fromGenerated, []);
  const fromRuntime = tsFiles("src/runtime").flatMap((file) =>
    importsOf(file)
      .filter((target) => target.startsWith("generated/"))
      .map((target) => `${file} → ${target}`),
  );
  assert.deepEqual(fromRuntime, []);
});
