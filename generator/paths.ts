/** Files the generator writes besides generated/'s operation modules (paths from the project root or generated/). */

/** The tool catalog, in generated/: written after the rest, since it is read off the registry that imports generated/. */
export const CATALOG_FILE = "catalog.ts";
/** The tools' reference, from the project root. */
export const DOCS_FILE = "docs/tools.md";
/** The README, whose tool and prompt tables the generator keeps current. */
export const README_FILE = "README.md";
