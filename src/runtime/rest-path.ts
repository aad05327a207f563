import { InvalidArgumentError } from "../errors.js";

/** One `{name}` of a REST path: the tool argument it comes from (for errors) and its value. */
export interface PathParam {
  argument: string;
  value: unknown;
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Fills the `{name}` placeholders of a REST path template. Every value is percent-encoded (so `/`,
 * `?`, `#` and `%` stay inside their segment); a value that is empty, `.` or `..` is refused, since
 * URL resolution would turn it into another path (`/rules/..` is `/`).
 */
export function restPath(template: string, params: Record<string, PathParam>): string {
  const path = template.replace(PLACEHOLDER, (_match, name: string) => {
    const param = params[name];
    if (!param) throw new Error(`restPath: no value for {${name}} in ${template}`);
    const { argument, value } = param;
    if (value === undefined || value === null) throw new InvalidArgumentError(`${argument} is required.`);
    const text = String(value);
    if (text === "" || text === "." || text === "..") {
      const shown = text === "" ? "empty" : `"${text}"`;
      throw new InvalidArgumentError(
        `${argument} cannot be ${shown}: it is used as a segment of the request path to Panther, where empty, "." and ".." would name another endpoint.`,
      );
    }
    return encodeURIComponent(text);
  });
  // Two placeholders in one segment could still add up to a dot segment.
  const segments = path.split(/[?#]/)[0].split("/").slice(1);
  if (segments.some((s) => s === "." || s === "..")) {
    const names = Object.values(params).map((p) => p.argument);
    throw new InvalidArgumentError(`${names.join(", ")} together form a "." or ".." path segment; give other values.`);
  }
  return path;
}
