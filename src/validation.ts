import type { z } from "zod";
import { InvalidArgumentError } from "./errors.js";
import type { ToolDefinition } from "./runtime/tool.js";

/** Validates raw tool arguments; every problem is named with its field and what is allowed. */
export function parseArguments<T>(tool: ToolDefinition<T>, raw: unknown): T {
  if (raw !== undefined && raw !== null && (typeof raw !== "object" || Array.isArray(raw))) {
    throw new InvalidArgumentError(`Invalid arguments for ${tool.name}: arguments must be a JSON object.`);
  }
  // Models often send null for "not given"; treat it as absent for optional arguments.
  const args = Object.fromEntries(Object.entries((raw ?? {}) as Record<string, unknown>).filter(([, v]) => v !== null));
  const result = tool.inputSchema.safeParse(args);
  if (result.success) return result.data;
  const allowed = Object.keys(tool.inputJsonSchema.properties);
  const lines = result.error.issues.map((issue) => describeIssue(issue, allowed));
  throw new InvalidArgumentError(`Invalid arguments for ${tool.name}: ${lines.join("; ")}`);
}

function describeIssue(issue: z.core.$ZodIssue, allowed: string[]): string {
  const field = issue.path.length
    ? issue.path
        .map((p) => (typeof p === "number" ? `[${p}]` : String(p)))
        .join(".")
        .replace(/\.\[/g, "[")
    : "";
  switch (issue.code) {
    case "unrecognized_keys":
      return `unknown argument${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}${field ? ` in ${field}` : ""} (allowed: ${allowed.join(", ") || "none"})`;
    case "invalid_type":
      if ((issue as { input?: unknown }).input === undefined) return `${field} is required (${issue.expected})`;
      return `${field}: expected ${issue.expected}`;
    case "invalid_value":
      return `${field}: must be one of ${issue.values.map((v) => String(v)).join(", ")}`;
    case "too_big":
      return `${field}: ${issue.origin === "array" ? "at most" : issue.origin === "string" ? "at most" : "must be <="} ${String(issue.maximum)}${issue.origin === "array" ? " items" : issue.origin === "string" ? " characters" : ""}`;
    case "too_small":
      return `${field}: ${issue.origin === "array" ? "at least" : issue.origin === "string" ? "at least" : "must be >="} ${String(issue.minimum)}${issue.origin === "array" ? " items" : issue.origin === "string" ? " characters" : ""}`;
    case "invalid_format":
      return `${field}: must be ${issue.format === "datetime" ? "an ISO 8601 date-time with zone, e.g. 2026-01-31T00:00:00Z" : `a valid ${issue.format}`}`;
    default:
      return `${field || "arguments"}: ${issue.message}`;
  }
}
