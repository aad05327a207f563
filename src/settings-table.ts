import { SETTINGS, type Setting } from "./settings.js";

/** The allowed values and default of a setting in words, e.g. "1–600 s; default 30", as --help shows them. */
export function settingValues(s: Setting): string {
  return [s.allowed, s.default ? `default ${s.default}` : ""].filter(Boolean).join("; ");
}

/** The README's configuration table, made from the one settings table (a test keeps them equal). */
export function settingsMarkdown(): string {
  const rows = SETTINGS.map(
    (s) =>
      `| \`${s.env}\` | ${s.flag ? `\`--${s.flag}\`` : ""} | ${s.allowed} | ${s.default ? `\`${s.default}\`` : ""} | ${s.description} |`,
  );
  return ["| variable | flag | values | default | meaning |", "|---|---|---|---|---|", ...rows].join("\n");
}
