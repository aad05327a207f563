import { SETTINGS } from "./config.js";

/** The README's configuration table, made from the one settings table (a test keeps them equal). */
export function settingsMarkdown(): string {
  const rows = SETTINGS.map(
    (s) => `| \`${s.env}\` | ${s.flag ? `\`--${s.flag}\`` : ""} | ${s.default ? `\`${s.default}\`` : ""} | ${s.description} |`,
  );
  return ["| variable | flag | default | meaning |", "|---|---|---|---|", ...rows].join("\n");
}
