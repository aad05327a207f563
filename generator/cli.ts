// The generator's thin shell: reads schema/ and operations/, runs the pure core, writes generated/.
//   npm run generate          write generated/ (stale files removed)
//   npm run generate:check    exit 1 if generated/ differs from what would be written
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { GeneratedFiles } from "./generate.js";
import { listFiles } from "./inputs.js";
import { typeScriptImports } from "./ts-import.js";
import { startTypeCheck, type TypeCheckWorker } from "./typecheck.js";
import type { BudgetReport } from "./budget.js";
import { CATALOG_FILE, DOCS_FILE, README_FILE, registryPath } from "./paths.js";
import type { PromptSpec } from "../src/runtime/prompt.js";

/** Compares files with a directory; returns the paths that differ, are missing or are stale. */
export async function diffAgainst(dir: string, files: GeneratedFiles, alsoExpected: readonly string[] = []): Promise<string[]> {
  const existing = (await listFiles(dir)).map((f) => relative(dir, f).split(sep).join("/"));
  const drift: string[] = [];
  for (const [path, content] of files) {
    const current = await readFile(join(dir, path), "utf8").catch(() => undefined);
    if (current !== content) drift.push(current === undefined ? `missing ${path}` : `changed ${path}`);
  }
  for (const path of existing) if (!files.has(path) && !alsoExpected.includes(path)) drift.push(`stale ${path}`);
  return drift;
}

export async function writeOut(dir: string, files: GeneratedFiles): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  for (const [path, content] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

/** The command in `root`, printing to `stderr` (its only output); the exit code. Tests run it in-process. */
export async function main(
  argv = process.argv.slice(2),
  root = process.cwd(),
  stderr: (text: string) => void = (text) => process.stderr.write(text),
): Promise<number> {
  const check = argv.includes("--check");
  // Started first, before the generator's own modules load: see typecheck-worker.ts.
  // Checked against this project's runtime and tsconfig (where the generator lives), whatever the cwd.
  const typeCheck = check
    ? undefined
    : startTypeCheck({
        root: fileURLToPath(new URL("..", import.meta.url)),
        previous: join(root, "generated"),
        skip: [CATALOG_FILE],
        tokens: registryPath(root) !== undefined,
      });
  try {
    return await run(check, root, stderr, typeCheck);
  } finally {
    await typeCheck?.close();
  }
}

async function run(check: boolean, root: string, stderr: (text: string) => void, typeCheck: TypeCheckWorker | undefined): Promise<number> {
  const [{ GenerateError, formatDiagnostic, sortDiagnostics }, { generate }, { readInputs }] = await Promise.all([
    import("./diagnostics.js"),
    import("./generate.js"),
    import("./inputs.js"),
  ]);
  const outDir = join(root, "generated");
  let files: GeneratedFiles;
  try {
    files = await generate(await readInputs(root));
  } catch (error) {
    if (!(error instanceof GenerateError)) throw error;
    const list = sortDiagnostics(error.diagnostics);
    for (const d of list) stderr(`${formatDiagnostic(d)}\n`);
    stderr(`generate: ${list.length} problem(s); generated/ left untouched\n`);
    return 1;
  }
  const registry = registryPath(root);
  if (check) {
    const drift = await diffAgainst(outDir, files, registry ? [CATALOG_FILE] : []);
    // The catalog is read off the registry, which imports generated/: only worth making when the rest is current.
    if (drift.length === 0 && registry) {
      const derived = await fromRegistry(root, registry);
      for (const [path, text] of [
        [join(outDir, CATALOG_FILE), derived.catalog],
        [join(root, DOCS_FILE), derived.docs],
        [join(root, README_FILE), derived.readme],
      ] as const) {
        const current = await readFile(path, "utf8").catch(() => undefined);
        if (current !== text) drift.push(`${current === undefined ? "missing" : "changed"} ${relative(root, path)}`);
      }
      if (drift.length === 0 && !(await budgetsHold(derived.budgets, stderr))) return 1;
    }
    if (drift.length > 0) {
      stderr(
        `generated/ (or ${DOCS_FILE}, ${README_FILE}'s tables) is out of date (run npm run generate):\n${drift.map((d) => `  ${d}`).join("\n")}\n`,
      );
      return 1;
    }
    stderr(`generated/ is up to date (${files.size + (registry ? 1 : 0)} files)\n`);
    return 0;
  }
  const compileProblems = await typeCheck!.check(files);
  if (compileProblems.length > 0) {
    for (const d of sortDiagnostics(compileProblems)) stderr(`${formatDiagnostic(d)}\n`);
    stderr("generate: the output does not type-check; generated/ left untouched\n");
    return 1;
  }
  await writeOut(outDir, files);
  // The catalog and the docs come after the rest is written: the registry they are read from imports it.
  const derived = registry ? await fromRegistry(root, registry, typeCheck) : undefined;
  if (derived) {
    await writeFile(join(outDir, CATALOG_FILE), derived.catalog);
    await mkdir(dirname(join(root, DOCS_FILE)), { recursive: true });
    await writeFile(join(root, DOCS_FILE), derived.docs);
    await writeFile(join(root, README_FILE), derived.readme);
  }
  stderr(
    `generate: wrote ${files.size + (derived ? 1 : 0)} files to generated/${derived ? `, ${DOCS_FILE} and ${README_FILE}'s tables` : ""}\n`,
  );
  return !derived || (await budgetsHold(derived.budgets, stderr)) ? 0 : 1;
}

/**
 * What is read off the registry (and the generated prompts): the catalog, the tools' docs, the README's
 * tables and the token budgets. The modules are imported, so a process sees them as they were at its first
 * run: the CLI runs once per process.
 */
async function fromRegistry(root: string, registry: string, counter?: TypeCheckWorker) {
  await typeScriptImports();
  const [{ loadRegistry, renderCatalog }, { checkBudgets, listEntryTexts }, { renderReadme, renderToolDocs }] = await Promise.all([
    import("./catalog.js"),
    import("./budget.js"),
    import("./docs.js"),
  ]);
  const tools = await loadRegistry(registry);
  const { generatedPrompts } = (await import(pathToFileURL(join(root, "generated", "prompts", "index.ts")).href)) as {
    generatedPrompts: PromptSpec[];
  };
  // Counted on the worker when there is one: its tokenizer was loaded while this thread wrote the files.
  const budgets = checkBudgets(root, tools, counter ? await counter.count(listEntryTexts(tools)) : undefined);
  const readme = renderReadme(await readFile(join(root, README_FILE), "utf8"), tools, generatedPrompts);
  return { catalog: renderCatalog(tools), docs: renderToolDocs(tools, generatedPrompts, budgets), readme, budgets };
}

/** Prints the tools/list total, and each tool over its budget as file:line:col; whether all keep theirs. */
async function budgetsHold(report: BudgetReport, stderr: (text: string) => void): Promise<boolean> {
  const [{ formatDiagnostic, sortDiagnostics }, { budgetSummary }] = await Promise.all([import("./diagnostics.js"), import("./budget.js")]);
  for (const d of sortDiagnostics(report.problems)) stderr(`${formatDiagnostic(d)}\n`);
  stderr(`${budgetSummary(report)}\n`);
  if (report.problems.length) stderr(`generate: ${report.problems.length} tool(s) break their token budget\n`);
  return report.problems.length === 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`generate: ${(error as Error).stack ?? error}\n`);
      process.exit(2);
    },
  );
}
