/** Name conversions used across the generator. */

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

/** Any JSON-able value as a JS literal, with the same escaping as jsString. */
export function jsLiteral(value: unknown): string {
  return JSON.stringify(value, null, 0)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
