// Query parameters of the simulator's REST endpoints, read as Panther's API reads them.
import { slicePage } from "./cursor.js";
import { HttpError } from "./errors.js";

export type QueryParams = Record<string, string | string[]>;

/** All values of a (possibly repeated) parameter. */
export function all(q: QueryParams, name: string): string[] {
  const v = q[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The one value of a parameter; given twice is a 400. */
export function one(q: QueryParams, name: string): string | undefined {
  const values = all(q, name);
  if (values.length > 1) throw new HttpError(400, `parameter ${name} may be given only once`);
  return values[0];
}

/** An integer parameter between 1 and `max`, `fallback` when absent or empty. */
export function intParam(q: QueryParams, name: string, fallback: number, max: number): number {
  const raw = one(q, name);
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new HttpError(400, `${name} must be an integer between 1 and ${max}`);
  return n;
}

/** One page of `items` at the request's `cursor`, in Panther's REST list shape. */
export function restPage<T>(items: T[], q: QueryParams, limit: number): { results: T[]; next?: string } {
  const cursor = one(q, "cursor");
  const p = slicePage(items, cursor === "" ? undefined : cursor, limit);
  if ("error" in p) throw new HttpError(400, p.error);
  return p.nextCursor ? { results: p.items, next: p.nextCursor } : { results: p.items };
}
