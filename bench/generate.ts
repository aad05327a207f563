// How long `npm run generate` takes: the real operation set, and a synthetic set of 1,000 operations
// derived from the real ones (same files, renamed tools). Each run is the real CLI in a fresh process
// (imports, generate, type check, write), in a temp dir holding a copy of schema/ and operations/.
//   npx tsx bench/generate.ts [--ops 1000] [--runs 3]    prints {real_ms, ops_1000_ms, per_op_ms}
// measureGenerate() is exported for the server bench (bench/server.bench.ts).
import { spawn } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pascalCase } from "../generator/names.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** What `npm run generate` runs: the bundled CLI (built first when its cache is stale). */
const CLI = join(ROOT, "scripts/generate.mjs");

export interface GenerateOptions {
  /** Operations in the synthetic set (default 1000). */
  ops?: number;
  /** Runs of each set; the median is reported (default 3). */
  runs?: number;
}

export interface GenerateFigures {
  /** Median wall time of `npm run generate` on the real operations. */
  real_ms: number;
  /** Median wall time on the synthetic set (`ops` operations). */
  ops_1000_ms: number;
  /** Time each operation past the real set adds: (ops_1000_ms - real_ms) / (ops - real operations). */
  per_op_ms: number;
  /** Operations in the real set and in the synthetic set. */
  real_ops: number;
  ops: number;
}

async function operationFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".graphql")) out.push(join(entry.parentPath, entry.name));
  }
  return out.sort();
}

/** A temp project with schema/ and `count` operations (the real ones first, then renamed copies). */
export async function makeProject(count: number | "real"): Promise<{ dir: string; ops: number }> {
  const dir = await mkdtemp(join(tmpdir(), "panther-generate-bench-"));
  await cp(join(ROOT, "schema"), join(dir, "schema"), { recursive: true });
  const real = await operationFiles(join(ROOT, "operations"));
  if (count === "real") {
    await cp(join(ROOT, "operations"), join(dir, "operations"), { recursive: true });
    return { dir, ops: real.length };
  }
  const texts = await Promise.all(real.map((f) => readFile(f, "utf8")));
  for (let i = 0; i < count; i++) {
    const k = i % real.length;
    const rel = real[k].slice(join(ROOT, "operations").length + 1);
    const [toolset, file] = rel.split("/");
    const name = file.replace(/\.graphql$/, "");
    const copy = i < real.length ? name : `${name}_n${i}`;
    // The operation is named after its file: rename both.
    const text = texts[k].replace(new RegExp(`^(query|mutation) ${pascalCase(name)}\\b`, "m"), `$1 ${pascalCase(copy)}`);
    await mkdir(join(dir, "operations", toolset), { recursive: true });
    await writeFile(join(dir, "operations", toolset, `${copy}.graphql`), text);
  }
  return { dir, ops: count };
}

/** Runs the generate CLI in `dir` (as `npm run generate` does there); resolves to its wall time in ms. */
function runCli(dir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve(ms);
      else reject(new Error(`generate failed in ${dir} (exit ${code}):\n${stderr.slice(-2000)}`));
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timeSet(count: number | "real", runs: number): Promise<{ ms: number; ops: number }> {
  const project = await makeProject(count);
  try {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await runCli(project.dir));
    return { ms: median(times), ops: project.ops };
  } finally {
    await rm(project.dir, { recursive: true, force: true });
  }
}

export async function measureGenerate(options: GenerateOptions = {}): Promise<GenerateFigures> {
  const ops = options.ops ?? 1000;
  const runs = options.runs ?? 3;
  const real = await timeSet("real", runs);
  const synthetic = await timeSet(ops, runs);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    real_ms: round(real.ms),
    ops_1000_ms: round(synthetic.ms),
    per_op_ms: round((synthetic.ms - real.ms) / Math.max(1, ops - real.ops)),
    real_ops: real.ops,
    ops,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? Number(process.argv[at + 1]) : undefined;
  };
  const figures = await measureGenerate({ ops: arg("--ops"), runs: arg("--runs") });
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
