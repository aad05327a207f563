// The expected output of every valid golden case must compile, and hostile text must survive as data.
// Each expected/ tree is copied to .tmp/golden/<case>/generated/ with .tmp/golden/<case>/src linked
// to the project's src/, so the generated imports of ../../src/runtime/index.js resolve as they do
// in the real generated/. One TypeScript program checks all cases at once; only the copied files are
// checked (src/ is the project's own typecheck's), and TypeScript loads through the generator's
// code-cached loader. The cases whose behaviour is tested run from a compiled copy (see layOut).
import assert from "node:assert/strict";
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { transformSync } from "esbuild";
import type * as TS from "typescript";
import { loadTypeScript } from "../../generator/load-typescript.js";
import { generatedCheckOptions } from "../../generator/verify.js";
import { listCases, PROJECT_ROOT, readExpectation } from "./golden-cases.js";
import { toolJsonSchema } from "../../src/runtime/json-schema.js";

const TMP_ROOT = join(PROJECT_ROOT, ".tmp", "golden");
const { ts } = loadTypeScript(join(PROJECT_ROOT, "node_modules", ".cache", "panther-mcp"));
const caseRoot = (name: string) => join(TMP_ROOT, name);
/** The same cases compiled to JavaScript, to be run: .tmp/golden-run/<case>/ (see layOut). */
const RUN_ROOT = join(PROJECT_ROOT, ".tmp", "golden-run");
/**
 * The src/ whose code this file runs: the project's under tsx, the compiled copy in a test process
 * (test/compile.ts). The cases run against it, so that what they import from src/runtime is the very
 * module this file imports (one copy: a zod schema's date-time mark, say, is known to both).
 */
const RUNTIME_SRC = dirname(dirname(fileURLToPath(import.meta.resolve("../../src/runtime/index.js"))));

/** Imports a generated file of a case, compiled (e.g. path text/echo_text.ts). */
const loadCase = (name: string, path: string) =>
  import(pathToFileURL(join(RUN_ROOT, name, "generated", path.replace(/\.ts$/, ".js"))).href);

/**
 * Lays out every valid case twice: its TypeScript, with src/ linked to the project's, to be type-checked,
 * and compiled (esbuild, one file out for each in), with src/ linked to RUNTIME_SRC, to be run. Returns
 * the .ts files written.
 */
async function layOut(): Promise<string[]> {
  await rm(TMP_ROOT, { recursive: true, force: true });
  await rm(RUN_ROOT, { recursive: true, force: true });
  const written: string[] = [];
  for (const name of await listCases()) {
    const expected = await readExpectation(name);
    if (expected.kind !== "files" || expected.files.size === 0) continue;
    for (const [path, content] of expected.files) {
      const target = join(caseRoot(name), "generated", path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
      written.push(target);
      const runnable = join(RUN_ROOT, name, "generated", path.replace(/\.ts$/, ".js"));
      await mkdir(dirname(runnable), { recursive: true });
      await writeFile(runnable, transformSync(content, { loader: "ts", format: "esm", target: "node20" }).code);
    }
    await symlink(join(PROJECT_ROOT, "src"), join(caseRoot(name), "src"), "dir");
    await symlink(RUNTIME_SRC, join(RUN_ROOT, name, "src"), "dir");
  }
  return written;
}

let files: string[] = [];
before(async () => {
  files = await layOut();
});

test("expected output of every valid case type-checks", () => {
  assert.ok(files.length > 0, "no expected files found");
  // The options the generator checks its own output with (the project's tsconfig, no Node globals).
  const options = generatedCheckOptions(ts, PROJECT_ROOT);
  const compilerHost = ts.createCompilerHost(options);
  // As tsc does: JSDoc is parsed only where it can matter to type errors.
  compilerHost.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  const program = ts.createProgram(files, options, compilerHost);
  // Only problems in the copied output count: its files are checked one by one (they import src/, which
  // is type-checked only as far as they use it), with the problems that belong to no file.
  const ours = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...files.flatMap((file) => {
      const source = program.getSourceFile(file);
      assert.ok(source, `${file} is not part of the program`);
      return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    }),
  ];
  const host: TS.FormatDiagnosticsHost = {
    getCanonicalFileName: (f) => relative(PROJECT_ROOT, f),
    getCurrentDirectory: () => PROJECT_ROOT,
    getNewLine: () => "\n",
  };
  assert.equal(ours.length, 0, ts.formatDiagnostics(ours, host));
});

describe("adversarial-text round trip", () => {
  const load = (path: string) => loadCase("adversarial-text", path);

  test("title and description come back exactly", async () => {
    const { echoTextTool, echoTextInput } = await load("text/echo_text.ts");
    assert.equal(echoTextTool.title, "Echo \"text\" 'as is' `${now}` */ \\");
    assert.equal(
      echoTextTool.description,
      "Echoes text.\n  Quotes: \" and '. Backtick: `. Template: ${process.exit(1)}. Comment end: */. Backslash: \\. Line separator:\u2028done. Tab:\there.",
    );
    const props = echoTextTool.inputJsonSchema.properties;
    assert.equal(
      props.text.description,
      "Text to echo: \"double\", 'single', `backtick`, ${template}, */ and \\ backslash.\n" +
        "Second line with a line separator here:\u2028 and a paragraph separator here:\u2029 end.",
    );
    assert.equal(props.text.default, 'say "hi" `now` ${x} */ \\ done');
    assert.equal(props.text.pattern, '^[^"\\\\`]*$');
    assert.equal(props.mode.description, 'Mode: "QUIET" or `LOUD` */');
    assert.equal(
      props.options.properties.repeat_count.description,
      "Repeat count. Says \"twice\" or 'thrice', `n` times, ${n}, */ and C:\\temp\nsecond line\u2028after LS",
    );
    assert.equal(props.options.properties.separator.default, '"`${sep}`*/\\');

    // The zod schema carries the same defaults and pattern.
    const parsed = echoTextInput.parse({ options: {} });
    assert.equal(parsed.text, 'say "hi" `now` ${x} */ \\ done');
    assert.deepEqual(parsed.options, { repeatCount: 1, separator: '"`${sep}`*/\\' });
    assert.throws(() => echoTextInput.parse({ text: "has a `backtick`" }));
  });

  test("hostile REST path and parameter names reach the transport unchanged", async () => {
    const { oddPath, oddPathTool } = await load("text/odd_path.ts");
    assert.equal(oddPathTool.title, "Odd path */");
    assert.equal(oddPathTool.description, "Calls /odd/`tick`/$/{id}/back\\slash.");
    const seen: unknown[] = [];
    const transport = {
      graphql: async () => assert.fail("a REST tool must not call GraphQL"),
      rest: async (request: unknown) => {
        seen.push(request);
        return { id: "a/b", value: "v", extra: "dropped" };
      },
    };
    const result = await oddPath(transport, { id: "a/b", flavour: "QUIET" });
    assert.deepEqual(result, { odd: { id: "a/b", value: "v" } });
    const request = seen[0] as { path: string; query: Record<string, unknown> };
    assert.equal(request.path, "/odd/`tick`/$/a%2Fb/back\\slash");
    assert.deepEqual(request.query, { "fla\"vour'`${x}`": 'qu"iet*/' });
  });
});

describe("input-object arguments", () => {
  const load = (path: string) => loadCase("input-object", path);

  test("nested snake_case arguments become the camelCase GraphQL input", async () => {
    const { searchAlertsInput } = await load("alerts/search_alerts.ts");
    const parsed = searchAlertsInput.parse({
      filter: { name_contains: "x", assignee_filter: { assignee_id: "u-9" }, sort_by: [{ field_name: "a" }] },
    });
    assert.equal(parsed.filter.nameContains, "x");
    assert.equal(parsed.filter.pageSize, 25);
    assert.deepEqual(parsed.filter.assigneeFilter, { assigneeId: "u-9", includeUnassigned: false });
    assert.deepEqual(parsed.filter.sortBy, [{ fieldName: "a", sortDescending: undefined }]);
    assert.throws(() => searchAlertsInput.parse({ filter: { nameContains: "camel" } }), /name_contains|nameContains/);
  });

  test("an object default is shown and applied in snake_case, then renamed like a given value", async () => {
    const { searchAlertsWithDefaultInput, searchAlertsWithDefaultTool } = await load("alerts/search_alerts_with_default.ts");
    const shown = searchAlertsWithDefaultTool.inputJsonSchema.properties.filter.default;
    assert.deepEqual(shown, { name_contains: "root", assignee_filter: { assignee_id: "u-1" }, sort_by: [{ field_name: "createdAt" }] });
    const parsed = searchAlertsWithDefaultInput.parse({});
    assert.equal(parsed.filter.nameContains, "root");
    assert.deepEqual(parsed.filter.assigneeFilter, { assigneeId: "u-1", includeUnassigned: false });
    assert.equal(parsed.filter.sortBy[0].fieldName, "createdAt");
  });
});

describe("reserved-word names", () => {
  const load = (path: string) => loadCase("reserved-words", path);
  const recording = (answer: unknown) => {
    const seen: { graphql: Record<string, unknown>[]; rest: Record<string, unknown>[] } = { graphql: [], rest: [] };
    const transport = {
      graphql: async (request: Record<string, unknown>) => {
        seen.graphql.push(request);
        return answer;
      },
      rest: async (request: Record<string, unknown>) => {
        seen.rest.push(request);
        return answer;
      },
    };
    return { seen, transport };
  };
  const ctx = (panther: unknown) => ({ panther, signal: new AbortController().signal }) as never;

  test("tools named delete, new and data run, with keyword arguments passed through", async () => {
    const { deleteTool, delete_ } = await load("misc/delete.ts");
    assert.equal(typeof delete_, "function");
    const del = recording({ deleteThing: { id: "t1", class: "c" } });
    const args = deleteTool.inputSchema.parse({ id: "t1", class: "c" });
    assert.deepEqual(await deleteTool.handler(args, ctx(del.transport)), { id: "t1", class: "c" });
    assert.deepEqual(del.seen.graphql[0].variables, { id: "t1", class: "c" });

    const { newTool } = await load("misc/new.ts");
    const given = { class: "a", new: "b", import: "c", default: 4, function: true, await: "d", enum: "second", constructor: "e" };
    const listed = recording({ things: [{ id: "1", new: true }] });
    assert.deepEqual(await newTool.handler(newTool.inputSchema.parse(given), ctx(listed.transport)), [{ id: "1", new: true }]);
    assert.deepEqual(listed.seen.graphql[0].variables, given);
    assert.deepEqual(Object.keys(newTool.inputJsonSchema.properties), Object.keys(given));

    const { dataTool } = await load("misc/data.ts");
    const one = recording({ id: "x", class: null, new: false });
    const result = await dataTool.handler(dataTool.inputSchema.parse({ default: "a b" }), ctx(one.transport));
    assert.deepEqual(result, { id: "x", class: null, new: false });
    assert.equal(one.seen.rest[0].path, "/things/first/a%20b");
  });

  test("a client function named after a keyword is exported with a trailing underscore", async () => {
    const { class_ } = await load("misc/class.ts");
    const one = recording({ id: "x" });
    assert.deepEqual(await class_(one.transport, { default: "k" }), { thing: { id: "x" } });
  });
});

describe("input schemas: one zod schema, the listed JSON Schema derived from it", () => {
  const load = (path: string) => loadCase("input-schemas", path);

  test("every scalar, enum, list and input object is listed as before, and token-lean", async () => {
    const { probeEveryKindTool, probeEveryKindInput } = await load("misc/probe_every_kind.ts");
    // What the generator used to write by hand beside the zod, in the order the catalog lists it: the
    // complete schema, with what a listing leaves out.
    const expected = {
      type: "object",
      properties: {
        id: { description: "Required ID.", type: "string", minLength: 1 },
        text: { description: "Text with a default.", type: "string", maxLength: 20, pattern: "^[a-z]+$", default: "hi" },
        flag: { description: "A flag.", type: "boolean" },
        count: { description: "A count.", type: "integer", minimum: 1, maximum: 10, default: 5 },
        ratio: { description: "A ratio.", type: "number", minimum: 0, maximum: 1 },
        at: { description: "A date-time.", type: "string", format: "date-time" },
        stamp: { description: "A timestamp.", type: "string", format: "date-time" },
        email: {
          description: "An email.",
          type: "string",
          format: "email",
          pattern: "^(?:[A-Za-z0-9_'+\\-]+\\.)*[A-Za-z0-9_'+\\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$",
        },
        big: { description: "A long.", type: "integer", minimum: -9007199254740991, maximum: 9007199254740991 },
        data: { description: "Any JSON." },
        mode: { description: "A mode.", enum: ["FAST", "SLOW"], default: "FAST" },
        modes: { description: "Modes.", type: "array", items: { enum: ["FAST", "SLOW"] }, minItems: 1, maxItems: 2 },
        window: {
          description: "A window.",
          type: "object",
          properties: {
            start_at: { description: "Window start.", type: "string", format: "date-time" },
            bucket_minutes: { description: "Minutes per bucket.", type: "integer", minimum: -2147483648, maximum: 2147483647, default: 15 },
            modes: { type: "array", items: { enum: ["FAST", "SLOW"] } },
          },
          required: ["start_at"],
          additionalProperties: false,
          default: { start_at: "2026-01-01T00:00:00Z" },
        },
      },
      required: ["id", "stamp"],
      additionalProperties: false,
    };
    // Key order too: the catalog and the contract snapshot print it.
    assert.equal(JSON.stringify(toolJsonSchema(probeEveryKindInput, { complete: true })), JSON.stringify(expected));
    // The listing leaves out additionalProperties false, Int's range and minItems 1 on an optional list.
    const listed = structuredClone(expected) as Record<string, any>;
    delete listed.additionalProperties;
    delete listed.properties.window.additionalProperties;
    delete listed.properties.modes.minItems;
    delete listed.properties.window.properties.bucket_minutes.minimum;
    delete listed.properties.window.properties.bucket_minutes.maximum;
    assert.equal(JSON.stringify(probeEveryKindTool.inputJsonSchema), JSON.stringify(listed));
  });

  test("the zod schema applies the defaults it lists", async () => {
    const { probeEveryKindInput } = await load("misc/probe_every_kind.ts");
    const parsed = probeEveryKindInput.parse({ id: "a", stamp: "2026-01-31t00:00:00z" });
    assert.equal(parsed.text, "hi");
    assert.equal(parsed.count, 5);
    assert.equal(parsed.mode, "FAST");
    assert.equal(parsed.stamp, "2026-01-31T00:00:00Z");
    assert.deepEqual(parsed.window, { startAt: "2026-01-01T00:00:00Z", bucketMinutes: 15, modes: undefined });
    assert.deepEqual(probeEveryKindInput.parse({ id: "a", stamp: "2026-01-31T00:00:00Z", data: { any: [1, null] } }).data, {
      any: [1, null],
    });
    assert.throws(() => probeEveryKindInput.parse({ stamp: "2026-01-31T00:00:00Z" }), /id/);
  });
});
