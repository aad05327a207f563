// Shared by the golden tests: finding the cases under test/golden/, reading their inputs the way the
// CLI would, and reading or rewriting what they expect.
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { formatDiagnostic, GenerateError, sortDiagnostics } from "../../generator/diagnostics.js";
import { generate, type GeneratorInput } from "../../generator/generate.js";
import type { InputFile } from "../../generator/load.js";

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const GOLDEN_DIR = join(PROJECT_ROOT, "test", "golden");
/** The project's directive declarations; every case gets them as schema/directives.graphql. */
export const DIRECTIVES_FILE = join(PROJECT_ROOT, "schema", "directives.graphql");
export const DIRECTIVES_PATH = "schema/directives.graphql";

/** What a case expects: the generated files, or the formatted diagnostics. */
export type Expectation = { kind: "files"; files: Map<string, string> } | { kind: "error"; text: string };

export async function listCases(): Promise<string[]> {
  const entries = await readdir(GOLDEN_DIR, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Every file under dir, as posix paths relative to dir, sorted. */
export async function listTree(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = async (at: string) => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push(relative(dir, full).split(sep).join("/"));
    }
  };
  await walk(dir);
  return out.sort();
}

async function readGraphql(caseDir: string, sub: string): Promise<InputFile[]> {
  const paths = (await listTree(join(caseDir, sub))).filter((p) => p.endsWith(".graphql"));
  return Promise.all(paths.map(async (p) => ({ path: `${sub}/${p}`, text: await readFile(join(caseDir, sub, p), "utf8") })));
}

/** The generator input of a case: the project's directives plus the case's schema and operations. */
export async function readCaseInput(caseName: string): Promise<GeneratorInput> {
  const caseDir = join(GOLDEN_DIR, caseName);
  const own = await readGraphql(caseDir, "schema");
  if (own.some((f) => f.path === DIRECTIVES_PATH)) {
    throw new Error(`${caseName}: schema/directives.graphql is supplied by the harness; rename the case's file`);
  }
  const directives = { path: DIRECTIVES_PATH, text: await readFile(DIRECTIVES_FILE, "utf8") };
  const prompts = await Promise.all(
    (await listTree(join(caseDir, "prompts"))).map(async (p) => ({
      path: `prompts/${p}`,
      text: await readFile(join(caseDir, "prompts", p), "utf8"),
    })),
  );
  const handWritten = join(caseDir, "hand-written-tools.txt");
  const handWrittenTools = existsSync(handWritten) ? (await readFile(handWritten, "utf8")).split(/\s+/).filter(Boolean) : [];
  return { schema: [directives, ...own], operations: await readGraphql(caseDir, "operations"), prompts, handWrittenTools };
}

export async function readExpectation(caseName: string): Promise<Expectation> {
  const caseDir = join(GOLDEN_DIR, caseName);
  const errorFile = join(caseDir, "expected-error.txt");
  const expectedDir = join(caseDir, "expected");
  if (existsSync(errorFile) && existsSync(expectedDir)) {
    throw new Error(`${caseName}: has both expected/ and expected-error.txt; keep one`);
  }
  if (existsSync(errorFile)) return { kind: "error", text: await readFile(errorFile, "utf8") };
  const files = new Map<string, string>();
  for (const path of await listTree(expectedDir)) files.set(path, await readFile(join(expectedDir, path), "utf8"));
  return { kind: "files", files };
}

/** Diagnostics exactly as the CLI prints them: one `file:line:col: message` per line, sorted. */
export function errorText(error: GenerateError): string {
  return sortDiagnostics(error.diagnostics)
    .map((d) => `${formatDiagnostic(d)}\n`)
    .join("");
}

/** Replaces a case's expectation with what the generator produced (UPDATE_GOLDEN=1). */
export async function writeExpectation(caseName: string, actual: Expectation): Promise<void> {
  const caseDir = join(GOLDEN_DIR, caseName);
  await rm(join(caseDir, "expected"), { recursive: true, force: true });
  await rm(join(caseDir, "expected-error.txt"), { force: true });
  if (actual.kind === "error") {
    await writeFile(join(caseDir, "expected-error.txt"), actual.text);
    return;
  }
  for (const [path, content] of actual.files) {
    const target = join(caseDir, "expected", path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

/** Runs the generator and turns its outcome into an Expectation; other errors propagate. */
export async function runGenerator(input: GeneratorInput): Promise<Expectation> {
  try {
    return { kind: "files", files: await generate(input) };
  } catch (error) {
    if (error instanceof GenerateError) return { kind: "error", text: errorText(error) };
    throw error;
  }
}
