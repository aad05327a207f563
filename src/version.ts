import { readFileSync } from "node:fs";

/** The package version, read once from the nearest panther-mcp package.json above this module (src/, dist/src/, a bundle chunk). */
function readVersion(): string {
  for (let dir = new URL("./", import.meta.url); ; dir = new URL("../", dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL("package.json", dir), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "panther-mcp" && pkg.version) return pkg.version;
    } catch {
      // none here: look one directory up
    }
    if (dir.pathname === "/") return "0.0.0";
  }
}

export const VERSION = readVersion();
