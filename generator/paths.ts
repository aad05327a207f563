/** Files the generator writes besides generated/'s operation modules, and where it finds the registry. */
import { existsSync } from "node:fs";
import { join } from "node:path";

/** The tool catalog, in generated/: written after the rest, since it is read off the registry that imports generated/. */
export const CATALOG_FILE = "catalog.ts";
/** The tools' reference, from the project root. */
export const DOCS_FILE = "docs/tools.md";
/** The README, whose tool and prompt tables the generator keeps current. */
export const README_FILE = "README.md";

/** The registry of the project at `root`, or undefined when it has none (e.g. a golden case's project). */
export function registryPath(root: string): string | undefined {
  const path = join(root, "src", "tools", "index.ts");
  return existsSync(path) ? path : undefined;
}
