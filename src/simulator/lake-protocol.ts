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

export type EngineRequest =
  | { kind: "open"; now: string; extra: JsonObject[] }
  /** `sql` is the user's Snowflake SQL; `now` is the time p_occurs_* macros count from. */
  | { kind: "query"; id: number; sql: string; databaseName: string; now: string }
  | { kind: "interrupt"; id: number };

export type EngineReply =
  | { kind: "ready" }
  | { kind: "open-failed"; message: string }
  | { kind: "rss"; rss: number }
  | { kind: "done"; id: number; result: LakeResult }
  | { kind: "failed"; id: number; message: string; interrupted: boolean };
