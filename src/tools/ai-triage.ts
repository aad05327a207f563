import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import {
  aiInferenceStream,
  aiInferenceStreamsMetadata,
  aiInferenceStreamUntrusted,
  aiSummarizeAlert,
  type AiInferenceStreamQuery,
} from "../../generated/index.js";
import { CancelledError, NotFoundError, UpstreamError } from "../errors.js";
import type { HandlerContext, ToolDefinition } from "../runtime/tool.js";
import { upstreamText } from "../upstream/scrub.js";
import { jsonSchemaOf } from "./json-schema.js";

type Stream = AiInferenceStreamQuery["aiInferenceStream"];

// Polling schedule: the first read at once, then waits of 1 s growing x1.5 up to 5 s. A triage takes
// tens of seconds on Panther, so this sees the end within ~5 s of it at a cost of about one cheap read
// per 5 s; a 180 s timeout means ~40 reads. Waits use the same signal-aware sleep as query_data_lake:
// a cancel rejects it at once and clears its timer, so nothing of a call is left after it ends.
const FIRST_WAIT_MS = 1000;
const WAIT_GROWTH = 1.5;
const MAX_WAIT_MS = 5000;

const alertId = z.string().min(1).describe("The alert ID.");

const startInput = z.strictObject({
  alert_id: alertId,
  prompt: z.string().min(1).max(10_000).optional().describe("Extra instructions for the AI."),
  timeout_seconds: z.number().int().min(120).max(300).default(180).describe("Wait this long, then return the text so far."),
});
type StartArgs = z.output<typeof startInput>;

const summaryInput = z.strictObject({ alert_id: alertId });
type SummaryArgs = z.output<typeof summaryInput>;

/** Reads the stream until it finishes or fails, the deadline passes, or the call is cancelled. */
async function follow(ctx: HandlerContext, streamId: string, deadline: number): Promise<Stream> {
  const started = Date.now();
  let wait = FIRST_WAIT_MS;
  for (;;) {
    const { aiInferenceStream: stream } = await aiInferenceStream(ctx.panther, { streamId }, { signal: ctx.signal });
    const now = Date.now();
    if (stream.finished || stream.error || now >= deadline) return stream;
    // Only a count: the text so far is the AI's and may retell attacker-written text.
    await ctx.reportProgress(now - started, deadline - started, `${stream.responseText.length} characters so far`);
    // Rejects at once when the call is cancelled; the handler turns that into CANCELLED.
    await sleep(Math.min(wait, Math.max(0, deadline - now)), undefined, { signal: ctx.signal });
    wait = Math.min(wait * WAIT_GROWTH, MAX_WAIT_MS);
  }
}

/**
 * The error of a failed stream. Its text is the AI's, which can retell attacker-written event text; an
 * error is never fenced, so upstreamText cleans it (hidden characters, fence markers) like untrusted text.
 */
function failed(alert: string, stream: Stream): UpstreamError {
  const reason = upstreamText(stream.error ?? "");
  return new UpstreamError(`Panther AI could not triage alert ${alert}: ${reason} (stream_id ${stream.streamId}).`);
}

async function startHandler(args: StartArgs, ctx: HandlerContext) {
  if (ctx.signal.aborted) throw new CancelledError("start_ai_alert_triage was cancelled before it started.");
  const { aiSummarizeAlert: started } = await aiSummarizeAlert(
    ctx.panther,
    { alertId: args.alert_id, prompt: args.prompt },
    { signal: ctx.signal },
  );
  const streamId = started.streamId;
  ctx.info("started AI triage", { alertId: args.alert_id, streamId });
  const began = Date.now();
  let stream: Stream;
  try {
    stream = await follow(ctx, streamId, began + args.timeout_seconds * 1000);
  } catch (error) {
    if (!ctx.signal.aborted) throw error;
    // Panther has no way to stop a stream; it finishes there and stays readable.
    throw new CancelledError(
      `start_ai_alert_triage was cancelled; the triage (stream_id ${streamId}) goes on in Panther: get_ai_alert_triage_summary reads it later.`,
    );
  }
  if (stream.error) throw failed(args.alert_id, stream);
  const base = { alert_id: args.alert_id, stream_id: streamId, finished: stream.finished, summary: stream.responseText };
  if (stream.finished) return { ...base, seconds: Math.round((Date.now() - began) / 100) / 10 };
  return {
    ...base,
    message: `Not finished after ${args.timeout_seconds} s; summary holds the text so far. Call get_ai_alert_triage_summary with this alert_id later for the rest; do not start another triage.`,
  };
}

async function summaryHandler(args: SummaryArgs, ctx: HandlerContext) {
  const { aiInferenceStreamsMetadata: stored } = await aiInferenceStreamsMetadata(
    ctx.panther,
    { alias: args.alert_id },
    { signal: ctx.signal },
  );
  // Panther lists an alert's streams oldest first; the last is the latest triage.
  const latest = stored.edges.at(-1)?.node.streamId;
  if (!latest)
    throw new NotFoundError(
      `alert ${args.alert_id} has no AI triage (it was never triaged, or no alert has this ID); start_ai_alert_triage makes one.`,
    );
  const { aiInferenceStream: stream } = await aiInferenceStream(ctx.panther, { streamId: latest }, { signal: ctx.signal });
  if (stream.error) throw failed(args.alert_id, stream);
  return {
    alert_id: args.alert_id,
    stream_id: latest,
    finished: stream.finished,
    summary: stream.responseText,
    triage_count: stored.edges.length,
  };
}

export const startAiAlertTriageTool: ToolDefinition<StartArgs> = {
  name: "start_ai_alert_triage",
  title: "Start AI alert triage",
  description: "Run Panther AI triage of an alert and wait for its text, with progress; on timeout returns the text so far and stream_id.",
  toolset: "alerts",
  // A write, unlike the incumbent's read-only mark: it stores a new AI summary on the alert in Panther and
  // spends AI credits, so read-only mode leaves it out. Not destructive (it replaces nothing), not
  // idempotent (each call makes another summary).
  annotations: { destructiveHint: false },
  permissions: ["RunPantherAI"],
  // The AI's text (ai_inference_stream.graphql responseText) retells alert and event text, and can repeat
  // what an attacker wrote there.
  untrusted: { summary: aiInferenceStreamUntrusted.aiInferenceStream.responseText },
  inputSchema: startInput,
  get inputJsonSchema() {
    return jsonSchemaOf(startInput);
  },
  handler: startHandler,
};

export const getAiAlertTriageSummaryTool: ToolDefinition<SummaryArgs> = {
  name: "get_ai_alert_triage_summary",
  title: "Get AI alert triage summary",
  description: "The latest Panther AI triage of an alert, finished or still being written.",
  toolset: "alerts",
  annotations: { readOnlyHint: true },
  permissions: ["RunPantherAI"],
  untrusted: { summary: aiInferenceStreamUntrusted.aiInferenceStream.responseText },
  inputSchema: summaryInput,
  get inputJsonSchema() {
    return jsonSchemaOf(summaryInput);
  },
  handler: summaryHandler,
};
