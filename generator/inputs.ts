// Reading the generator's inputs (schema/, operations/, prompts/) from a project directory. Kept apart
// from cli.ts so that schema:diff reads them without loading the code generator and TypeScript.
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { InputFile } from "./load.js";
import { HAND_WRITTEN_TOOL_NAMES } from "../src/tools/hand-written-names.js";

/** Every file under `dir`, sorted; none if it does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else out.push(full);
  }
  return out.sort();
}

export async function readInputs(root: string, schemaDir = "schema", operationsDir = "operations", promptsDir = "prompts") {
  const read = async (dir: string, ext: string): Promise<InputFile[]> => {
    const files = (await listFiles(join(root, dir))).filter((f) => f.endsWith(ext));
    return Promise.all(files.map(async (f) => ({ path: relative(root, f).split(sep).join("/"), text: await readFile(f, "utf8") })));
  };
  return {
    schema: await read(schemaDir, ".graphql"),
    operations: await read(operationsDir, ".graphql"),
    prompts: await read(promptsDir, ""), // every file: one not named <name>.md is reported
    handWrittenTools: HAND_WRITTEN_TOOL_NAMES,
  };
}
