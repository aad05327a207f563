// Messages between the simulator (data-lake.ts) and the data lake's engine process (lake-process.ts).
import type { JsonObject } from "./model.js";

export interface LakeResult {
  columns: string[];
  types: Record<string, string>;
  rows: Record<string, unknown>[];
  executionMs: number;
  bytesScanned: number;
  /** Why rows were left out (the row or byte cap), or null when the result is whole. */
  truncated: string | null;
  /** Size of the rows as JSON text. */
  resultBytes: number;
}

/**
 * The rows of each table (by qualified name, panther_logs.public.aws_cloudtrail) as the JSON text the
 * engine fills it from. The first engine of a lake makes them and hands them back; an engine started
 * after it (when one is killed or retired) is given them, so that the rows are made once per lake.
 */
export type LakeFill = Record<string, string>;

export type EngineRequest =
  /** The rows to make (`extra`: the alert events), or, for an engine started after the first, the rows it made. */
  | { kind: "open"; now: string; extra: JsonObject[] }
  | { kind: "open"; now: string; fill: LakeFill }
  /** `sql` is the user's Snowflake SQL; `now` is the time p_occurs_* macros count from. */
  | { kind: "query"; id: number; sql: string; databaseName: string; now: string }
  | { kind: "interrupt"; id: number };

export type EngineReply =
  /** `fill` only when the engine made the rows itself. */
  | { kind: "ready"; fill?: LakeFill }
  | { kind: "open-failed"; message: string }
  | { kind: "rss"; rss: number }
  | { kind: "done"; id: number; result: LakeResult }
  | { kind: "failed"; id: number; message: string; interrupted: boolean };
