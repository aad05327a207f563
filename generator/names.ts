/** Name conversions used across the generator, and the one rule for tool and toolset names. */

/** Tool names and toolset folders: snake_case, so every client accepts them and they read the same everywhere. */
export const SNAKE_CASE = /^[a-z][a-z0-9_]*$/;

/**
 * The longest tool name. MCP clients take names of up to 64 characters; the rest is left for the
 * prefix a deployment may add (PANTHER_TOOL_PREFIX, at most 20 characters).
 */
export const MAX_TOOL_NAME = 40;

/** What is wrong with a name that must be snake_case; `what` says which name, e.g. `toolset folder "Triage"`. */
export function snakeCaseProblem(what: string, name: string): string | undefined {
  if (SNAKE_CASE.test(name)) return undefined;
  return `${what} must be snake_case: a lowercase letter, then lowercase letters, digits or underscores (${SNAKE_CASE.source})`;
}

/** What is wrong with a tool name, if anything: generated (the file name) and hand-written tools keep the same rule. */
export function toolNameProblems(name: string, what = `tool name "${name}" (the file name)`): string[] {
  const out: string[] = [];
  const casing = snakeCaseProblem(what, name);
  if (casing) out.push(casing);
  if (name.length > MAX_TOOL_NAME) out.push(`${what} is ${name.length} characters long; at most ${MAX_TOOL_NAME} are allowed`);
  return out;
}

/**
 * Orders strings by UTF-16 code units. Unlike localeCompare it does not depend on the machine's
 * locale, so generated files and error reports come out the same everywhere.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

export function pascalCase(snake: string): string {
  return snake
    .split("_")
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join("");
}

export function camelCase(snake: string): string {
  const pascal = pascalCase(snake);
  return pascal[0].toLowerCase() + pascal.slice(1);
}

/**
 * A JS string literal for any text: JSON escaping plus the two line separators, so text from the
 * schema or operations can never end a string, open a template or break a line in generated code.
 */
export function jsString(text: string): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Multi-line text as a JS template literal that starts on its own line; nothing in it is interpolated. */
export function jsTemplate(text: string): string {
  const body = text.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${");
  return `\`\n${body}\n\``;
}

/** Any JSON-able value as a JS literal, with the same escaping as jsString. */
export function jsLiteral(value: unknown): string {
  return JSON.stringify(value, null, 0)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * Words a generated module cannot use as a function name: JavaScript's reserved words (strict mode
 * and modules included), names with a special meaning, and the names generated modules already
 * bind (imports from zod and src/runtime, the handler's locals).
 */
const TAKEN = new Set([
  ...["break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum"],
  ...["export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null"],
  ...["return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield"],
  ...["let", "static", "implements", "interface", "package", "private", "protected", "public", "await", "async"],
  ...["arguments", "eval", "undefined", "NaN", "Infinity", "globalThis", "of", "get", "set"],
  ...["z", "args", "ctx", "data", "raw", "transport", "variables", "options", "String", "Record"],
  ...["projectSelection", "restPath", "restValue", "shapeResult", "relativeTime", "dateTime"],
]);

/**
 * The name of an operation's client function: camelCase of the tool name, with `_` appended when
 * that is a word the module cannot declare (a tool may be called `delete` or `new`). camelCase never
 * ends in `_`, so the result cannot clash with another tool's function.
 */
export function functionName(snake: string): string {
  const name = camelCase(snake);
  return TAKEN.has(name) ? `${name}_` : name;
}
