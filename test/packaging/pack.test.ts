// The package as users get it, from a clean checkout: copy what git would clone (no dist/, no
// node_modules, nothing ignored), npm pack (prepack bundles dist/), then lay the tarball out as
// `npm install --global` would (unpacked, its bin linked and executable, beside a node_modules of its
// production dependencies only: links into the repository's install, which saves fetching and copying
// ~150 MB of packages), and run the bin.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmod, cp, mkdir, mkdtemp, readFile, rm, stat, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { SETTINGS } from "../../src/config.js";
import { DEFAULT_TOOL_NAMES } from "../e2e/expected-tools.js";
import { ROOT, unfence } from "../e2e/harness.js";

const run = promisify(execFile);
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );
let dir: string;
let bin: string;
let packed: string[];

/** Copies the working tree as a fresh clone would have it: tracked and new files, nothing ignored. */
async function cleanCheckout(into: string): Promise<void> {
  const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const file of stdout.split("\0").filter(Boolean)) {
    if (!(await exists(join(ROOT, file)))) continue; // deleted in the working tree
    await mkdir(dirname(join(into, file)), { recursive: true });
    await cp(join(ROOT, file), join(into, file));
  }
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "panther-mcp-pack-"));
  const checkout = join(dir, "checkout");
  await cleanCheckout(checkout);
  assert.ok(!(await exists(join(checkout, "dist"))), "the checkout starts without a build");
  // The build's tools come from the repository's own install (npm ci in the copy would be slow).
  await symlink(join(ROOT, "node_modules"), join(checkout, "node_modules"), "dir");
  const { stdout } = await run("npm", ["pack", "--silent", "--json", "--pack-destination", dir], {
    cwd: checkout,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [{ filename, files }] = JSON.parse(stdout.slice(stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[];
  packed = files.map((f) => f.path);
  bin = await installLike(join(dir, filename), join(dir, "prefix"));
});

/**
 * Unpacks the tarball into `prefix`/lib/node_modules/panther-mcp with a node_modules holding only the
 * production dependencies (every package of the lockfile not marked dev, linked from the repository's
 * install, so that code needing a devDependency fails as it would for a user), links its bin into
 * `prefix`/bin and makes it executable, as npm does. Returns the bin's path.
 */
async function installLike(tarball: string, prefix: string): Promise<string> {
  const pkgDir = join(prefix, "lib", "node_modules", "panther-mcp");
  await mkdir(pkgDir, { recursive: true });
  await run("tar", ["-xzf", tarball, "-C", pkgDir, "--strip-components=1"]);
  const lock = JSON.parse(await readFile(join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!/^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) || entry.dev || entry.devOptional) continue;
    if (!(await exists(join(ROOT, path)))) continue; // an optional package for another platform
    await mkdir(dirname(join(pkgDir, path)), { recursive: true });
    await symlink(join(ROOT, path), join(pkgDir, path), "dir");
  }
  const manifest = JSON.parse(await readFile(join(pkgDir, "package.json"), "utf8")) as { bin: Record<string, string> };
  const target = join(pkgDir, manifest.bin["panther-mcp"]);
  assert.match(await readFile(target, "utf8"), /^#!\/usr\/bin\/env node\n/, "the bin starts with a node shebang");
  await chmod(target, 0o755);
  await mkdir(join(prefix, "bin"));
  await symlink(target, join(prefix, "bin", "panther-mcp"));
  return join(prefix, "bin", "panther-mcp");
}

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("npm pack of a clean checkout builds first: the tarball holds the bin and the compiled code, not the sources", () => {
  assert.ok(packed.includes("dist/src/cli.js"), `the bin is packed (got ${packed.length} files)`);
  // The build bundles (scripts/build.mjs): the generated code is inside the entries and their chunks.
  assert.ok(
    packed.includes("dist/src/simulator/main.js") && packed.includes("dist/src/simulator/lake-process.js"),
    "the demo's programs are packed",
  );
  assert.ok(
    packed.some((p) => p.startsWith("dist/src/chunks/")),
    "the chunks loaded after start-up are packed",
  );
  assert.ok(packed.includes("package.json"));
  assert.ok(
    !packed.some((p) => p.startsWith("src/") || p.startsWith("test/") || (p.endsWith(".ts") && !p.endsWith(".d.ts"))),
    "no TypeScript sources",
  );
});

test("the installed bin prints its version and documents every setting", async () => {
  const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string };
  assert.equal((await run(bin, ["--version"])).stdout.trim(), pkg.version);
  const help = (await run(bin, ["--help"])).stdout;
  for (const setting of SETTINGS) {
    assert.ok(help.includes(setting.env), `--help mentions ${setting.env}`);
    if (setting.flag) assert.ok(help.includes(`--${setting.flag}`), `--help mentions --${setting.flag}`);
    if (setting.default) assert.ok(help.includes(`default ${setting.default}`), `--help gives the default of ${setting.env}`);
  }
});

test("the installed bin serves its tools over stdio in demo mode", async () => {
  const transport = new StdioClientTransport({
    command: bin,
    args: ["--demo"],
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn" },
    stderr: "pipe",
  });
  const client = new Client({ name: "pack-test", version: "1.0.0" });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), DEFAULT_TOOL_NAMES);
    const result = await client.callTool({ name: "get_alert", arguments: { alert_id: "alert-0001" } });
    assert.equal(JSON.parse(unfence((result.content as { text: string }[])[0].text)).id, "alert-0001");
  } finally {
    await client.close();
  }
});
