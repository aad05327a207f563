// GraphQL resolvers for Panther AI alert triage: aiSummarizeAlert starts a stream whose text grows over
// time (built from the alert, so it is deterministic), aiInferenceStream reads it, and
// aiInferenceStreamsMetadata lists the streams stored under an alert ID.
//
// Test hooks, written into the prompt like the data lake's `/* sim:delay=N */`:
//   /* sim:ai-ms=N */    the stream finishes N ms after it starts (default AI_STREAM_MS)
//   /* sim:ai=never */   the stream stops growing part-way and never finishes
//   /* sim:ai=error */   the stream fails part-way: error set, finished true
import type { GqlContext } from "./alert-resolvers.js";
import { badInput, notFound } from "./errors.js";
import type { SimAlert } from "./model.js";
import { STABLE_IDS } from "./seed.js";
import type { SimState } from "./state.js";

/** How long a simulated triage takes to finish when the prompt does not say. */
export const AI_STREAM_MS = 4000;
/** Streams kept per simulator; the oldest go first (the demo may be served to a team). */
const MAX_STREAMS = 500;
const MAX_PROMPT_CHARS = 10_000;
const SIMULATED_ERROR = "the model stopped before finishing the summary (simulated failure)";

type Mode = "finish" | "never" | "error";

interface Stream {
  id: string;
  alertId: string;
  text: string;
  startedAt: number;
  durationMs: number;
  mode: Mode;
}

class AiStreams {
  private readonly streams = new Map<string, Stream>();
  private counter = 0;

  add(alertId: string, text: string, durationMs: number, mode: Mode, startedAt = Date.now()): Stream {
    this.counter += 1;
    const stream = { id: `ai-stream-${String(this.counter).padStart(4, "0")}`, alertId, text, startedAt, durationMs, mode };
    this.streams.set(stream.id, stream);
    if (this.streams.size > MAX_STREAMS) this.streams.delete(this.streams.keys().next().value!);
    return stream;
  }

  get(id: string): Stream | undefined {
    return this.streams.get(id);
  }

  /** Streams of one alert, oldest first. */
  ofAlert(alertId: string): Stream[] {
    return [...this.streams.values()].filter((s) => s.alertId === alertId);
  }
}

/** One store per simulator state, made on first use; a seeded triage of the triaged alert is already there. */
const stores = new WeakMap<SimState, AiStreams>();

function storeOf(state: SimState): AiStreams {
  let store = stores.get(state);
  if (!store) {
    store = new AiStreams();
    const triaged = state.alerts.get(STABLE_IDS.triagedAssignedAlert);
    if (triaged) store.add(triaged.id, triageText(state, triaged, null), 0, "finish", Date.parse(triaged.createdAt));
    stores.set(state, store);
  }
  return store;
}

/** The full triage the simulated model writes for an alert. */
function triageText(state: SimState, a: SimAlert, prompt: string | null): string {
  const origin =
    a.origin.kind === "system"
      ? `a system error in ${a.origin.relatedComponent}`
      : `detection ${a.origin.detectionId}${a.origin.kind === "deleted" ? " (since deleted)" : ""}`;
  const comments = state.comments.filter((c) => c.alertId === a.id).length;
  const risk = a.severity === "CRITICAL" || a.severity === "HIGH" ? "high" : a.severity === "MEDIUM" ? "moderate" : "low";
  return [
    `## Summary\n${a.title}. Raised by ${origin} at ${a.createdAt}; severity ${a.severity}, status ${a.status}.`,
    `## Evidence\n${a.eventCount} matching event(s) from ${a.logTypes.join(", ") || "no log type"}; ${comments} comment(s) on the alert. ${a.description}`,
    `## Risk\nLikely ${risk} impact given the severity and the events seen.`,
    `## Next steps\n1. Review the matched events and the actors in them.\n2. Follow the runbook: ${a.runbook || "none given"}\n3. Record the outcome on the alert and set its status.`,
    ...(prompt ? [`## Analyst request\nConsidered: ${prompt}`] : []),
  ].join("\n\n");
}

/** The stream as Panther returns it at this moment: the text so far, and whether it is done. */
function streamObject(s: Stream) {
  const elapsed = Date.now() - s.startedAt;
  const share = s.durationMs <= 0 ? 1 : Math.min(1, elapsed / s.durationMs);
  // `never` stops at 60% of the text, `error` fails at 50%.
  const cap = s.mode === "never" ? 0.6 : s.mode === "error" ? 0.5 : 1;
  const failed = s.mode === "error" && share >= cap;
  const length = Math.floor(s.text.length * Math.min(share, cap));
  // Cut at a word boundary, as a model streams whole tokens.
  const cut = length >= s.text.length ? s.text.length : Math.max(0, s.text.lastIndexOf(" ", length));
  return {
    streamId: s.id,
    responseText: s.text.slice(0, cut),
    finished: failed || (s.mode === "finish" && share >= 1),
    error: failed ? SIMULATED_ERROR : null,
  };
}

function hooksOf(prompt: string): { durationMs: number; mode: Mode; text: string } {
  const ms = /\/\*\s*sim:ai-ms\s*=\s*(\d+)\s*\*\//i.exec(prompt);
  const mode = /\/\*\s*sim:ai\s*=\s*(never|error)\s*\*\//i.exec(prompt);
  return {
    durationMs: ms ? Number(ms[1]) : AI_STREAM_MS,
    mode: mode ? (mode[1]!.toLowerCase() as Mode) : "finish",
    text: prompt.replace(/\/\*\s*sim:ai[^*]*\*\//gi, "").trim(),
  };
}

export function summarizeAlert(ctx: GqlContext, input: { alertId: string; prompt?: string | null }) {
  const alert = ctx.state.alerts.get(input.alertId);
  if (!alert) throw notFound(`alert ${input.alertId} not found`);
  const prompt = input.prompt ?? "";
  if (prompt.length > MAX_PROMPT_CHARS) throw badInput(`prompt must be at most ${MAX_PROMPT_CHARS} characters`);
  const hooks = hooksOf(prompt);
  const stream = storeOf(ctx.state).add(alert.id, triageText(ctx.state, alert, hooks.text || null), hooks.durationMs, hooks.mode);
  return { streamId: stream.id };
}

export function inferenceStream(ctx: GqlContext, streamId: string) {
  const stream = storeOf(ctx.state).get(streamId);
  if (!stream) throw notFound(`inference stream ${streamId} not found`);
  return streamObject(stream);
}

export function inferenceStreamsMetadata(ctx: GqlContext, input: { alias: string }) {
  return {
    edges: storeOf(ctx.state)
      .ofAlert(input.alias)
      .map((s) => ({ node: { streamId: s.id } })),
  };
}
