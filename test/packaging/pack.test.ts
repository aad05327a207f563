// The package as users get it: build, npm pack, install the tarball in an empty folder, run the bin.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { SETTINGS } from "../../src/config.js";
import { ROOT } from "../e2e/harness.js";

const run = promisify(execFile);
let dir: string;
let bin: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "panther-mcp-pack-"));
  await run("npm", ["run", "-s", "build"], { cwd: ROOT });
  const { stdout } = await run("npm", ["pack", "--pack-destination", dir, "--json"], { cwd: ROOT });
  const [{ filename }] = JSON.parse(stdout) as { filename: string }[];
  await run("npm", ["init", "-y"], { cwd: dir });
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", join(dir, filename)], { cwd: dir });
  bin = join(dir, "node_modules", ".bin", "panther-mcp");
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
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
    assert.equal(tools.length, 9);
    const result = await client.callTool({ name: "get_alert", arguments: { alert_id: "alert-0001" } });
    assert.equal(JSON.parse((result.content as { text: string }[])[0].text).id, "alert-0001");
  } finally {
    await client.close();
  }
});
