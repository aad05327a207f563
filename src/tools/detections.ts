// list_detections, get_detection and disable_detection: one Panther REST endpoint per kind of
// detection, so these tools call the generated client of each kind they are asked for. disable_detection
// asks the user to confirm before it writes, and echoes enabled old -> new.
import { z } from "zod";
import {
  getDetectionDocument,
  getPolicy,
  getPolicyUntrusted,
  getRule,
  getRuleUntrusted,
  getScheduledRule,
  getScheduledRuleUntrusted,
  getSimpleRule,
  getSimpleRuleUntrusted,
  listPolicies,
  listRules,
  listScheduledRules,
  listSimpleRules,
  putDetection,
} from "../../generated/index.js";
import { shown } from "../confirm-text.js";
import { notWritten } from "../confirm.js";
import { InvalidArgumentError, NotFoundError, UpstreamError } from "../errors.js";
import { restPath } from "../runtime/rest-path.js";
import type { HandlerContext, ToolDefinition } from "../runtime/tool.js";
import { unlisted } from "../runtime/json-schema.js";
import { jsonSchemaOf } from "./json-schema.js";
import { Budget, collect, cursorOf, type Page, type Position, positionsOf, restPage } from "./paging.js";

const KINDS = ["rules", "scheduled_rules", "simple_rules", "policies"] as const;
type Kind = (typeof KINDS)[number];
const SEVERITIES = ["INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;

const kind = z.enum(KINDS);
const kinds = z.array(kind).min(1).default(["rules"]).describe("Kinds, in order.");
const text = z.string().min(1);
const texts = z.array(z.string()).min(1);

/** Checks an ID the way the request path will, naming our argument. */
function checkId(argument: string, value: string): void {
  restPath("/{id}", { id: { argument, value } });
}

// ---------------------------------------------------------------- list_detections

const listInput = z.strictObject({
  detection_types: kinds,
  name_contains: text.optional().describe("Name contains (any case)."),
  state: z.enum(["enabled", "disabled"]).optional().describe("Only this state."),
  severity: z.array(z.enum(SEVERITIES)).min(1).optional().describe("Any of these."),
  tag: texts.optional().describe("Any of these tags."),
  log_type: texts.optional().describe("Any of these (rules, simple_rules)."),
  resource_type: texts.optional().describe("Any of these (policies)."),
  compliance_status: z.enum(["PASS", "FAIL", "ERROR"]).optional().describe("Policies only."),
  // Rarely used: left out of tools/list to keep the tool within its token budget, named in the description.
  created_by: text.optional().describe("Created by this user or actor ID.").register(unlisted, {}),
  last_modified_by: text.optional().describe("Last modified by this user or actor ID.").register(unlisted, {}),
  output_ids: texts.optional().describe("Any of these destination IDs.").register(unlisted, {}),
  limit: z.number().int().min(1).max(1000).default(100).describe("Per kind per page."),
  cursor: text.optional().describe("next_cursor, same filters."),
});
type ListArgs = z.output<typeof listInput>;

/** Filters Panther applies only to some kinds; asking for them with another kind is an error. */
const ONLY_FOR: Partial<Record<keyof ListArgs, readonly Kind[]>> = {
  log_type: ["rules", "simple_rules"],
  resource_type: ["policies"],
  compliance_status: ["policies"],
};

type Item = Record<string, unknown> & { outputIDs?: string[] | null };

function pageFetcher(
  args: ListArgs,
  k: Kind,
  ctx: HandlerContext,
): (cursor: string | undefined, limit: number | undefined) => Promise<Page<Item>> {
  const common = {
    nameContains: args.name_contains,
    state: args.state,
    severity: args.severity,
    tag: args.tag,
    createdBy: args.created_by,
    lastModifiedBy: args.last_modified_by,
  };
  const opts = { signal: ctx.signal };
  return async (cursor, limit) => {
    const v = { ...common, cursor, limit };
    switch (k) {
      case "rules":
        return restPage<Item>((await listRules(ctx.panther, { ...v, logType: args.log_type }, opts)).rules);
      case "simple_rules":
        return restPage<Item>((await listSimpleRules(ctx.panther, { ...v, logType: args.log_type }, opts)).simpleRules);
      case "scheduled_rules":
        return restPage<Item>((await listScheduledRules(ctx.panther, v, opts)).scheduledRules);
      case "policies":
        return restPage<Item>(
          (await listPolicies(ctx.panther, { ...v, resourceType: args.resource_type, complianceStatus: args.compliance_status }, opts))
            .policies,
        );
    }
  };
}

async function listDetections(args: ListArgs, ctx: HandlerContext) {
  const types = [...new Set(args.detection_types)];
  for (const [filter, allowed] of Object.entries(ONLY_FOR)) {
    if (args[filter as keyof ListArgs] === undefined) continue;
    const others = types.filter((t) => !allowed!.includes(t));
    if (others.length) {
      throw new InvalidArgumentError(
        `${filter} applies only to ${allowed!.join(" and ")}, not to ${others.join(", ")}; drop it or list those detection_types in another call.`,
      );
    }
  }
  const { cursor, limit: _limit, ...filters } = args;
  const listing = { tool: "list_detections", args: { ...filters, detection_types: types }, streams: types };
  const start = positionsOf(listing, cursor, args.limit);
  const outputs = args.output_ids ? new Set(args.output_ids) : undefined;
  const budget = new Budget();
  const items: Item[] = [];
  const next: Record<string, Position | null> = { ...start };
  for (const t of types) {
    const from = start[t];
    if (!from) continue;
    const got = await collect<Item, Item>({
      start: from,
      want: args.limit,
      pageSize: args.limit,
      fetch: pageFetcher(args, t, ctx),
      // Panther cannot filter by destination: ours applies across pages (the cursor keeps our place).
      keep: (d) => (outputs && !(d.outputIDs ?? []).some((id) => outputs.has(id)) ? undefined : { detection_type: t, ...d }),
      budget,
    });
    items.push(...got.items);
    next[t] = got.next;
    // A full budget stops here; the kinds after this one start from where they were.
    if (budget.full) break;
  }
  const next_cursor = cursorOf(listing, next);
  return { items, next_cursor, has_next_page: next_cursor !== null };
}

export const listDetectionsTool: ToolDefinition<ListArgs> = {
  name: "list_detections",
  title: "List detections",
  description:
    "Detection summaries; one next_cursor pages every kind. Also: created_by, last_modified_by (user or actor ID); output_ids [destination ID].",
  toolset: "detections",
  annotations: { readOnlyHint: true },
  permissions: ["RuleRead", "PolicyRead"],
  inputSchema: listInput,
  get inputJsonSchema() {
    return jsonSchemaOf(listInput);
  },
  handler: listDetections,
};

// ---------------------------------------------------------------- get_detection

const getInput = z.strictObject({
  detection_id: text.describe("The detection ID."),
  detection_type: kinds,
});
type GetArgs = z.output<typeof getInput>;

async function fetchOne(k: Kind, id: string, ctx: HandlerContext): Promise<unknown> {
  const opts = { signal: ctx.signal };
  switch (k) {
    case "rules":
      return (await getRule(ctx.panther, { id }, opts)).rule;
    case "scheduled_rules":
      return (await getScheduledRule(ctx.panther, { id }, opts)).scheduledRule;
    case "simple_rules":
      return (await getSimpleRule(ctx.panther, { id }, opts)).simpleRule;
    case "policies":
      return (await getPolicy(ctx.panther, { id }, opts)).policy;
  }
}

async function getDetection(args: GetArgs, ctx: HandlerContext) {
  checkId("detection_id", args.detection_id);
  const types = [...new Set(args.detection_type)];
  const notFound: Kind[] = [];
  for (const t of types) {
    try {
      const detection = await fetchOne(t, args.detection_id, ctx);
      return { detection_type: t, not_found_in_types: notFound, detection };
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      notFound.push(t);
    }
  }
  throw new NotFoundError(
    `no detection "${args.detection_id}" among ${types.join(", ")}; try other detection_type values or list_detections with name_contains.`,
  );
}

export const getDetectionTool: ToolDefinition<GetArgs> = {
  name: "get_detection",
  title: "Get detection",
  description: "One detection in full (Python or YAML logic, tests), trying each detection_type in turn.",
  toolset: "detections",
  annotations: { readOnlyHint: true },
  permissions: ["RuleRead", "PolicyRead"],
  inputSchema: getInput,
  get inputJsonSchema() {
    return jsonSchemaOf(getInput);
  },
  // `detection` is whichever kind answered: what the schema marks untrusted in any kind (its tests'
  // sample events, often pasted from real logs) is untrusted here.
  untrusted: {
    detection: {
      ...getRuleUntrusted.rule,
      ...getScheduledRuleUntrusted.scheduledRule,
      ...getSimpleRuleUntrusted.simpleRule,
      ...getPolicyUntrusted.policy,
    },
  },
  handler: getDetection,
};

// ---------------------------------------------------------------- disable_detection

const disableInput = z.strictObject({
  detection_id: text.describe("The detection ID."),
  detection_type: kind.default("rules").describe("Its kind."),
});
type DisableArgs = z.output<typeof disableInput>;

/** A kind of detection as a confirmation names it. */
const KIND_LABEL: Record<Kind, string> = {
  rules: "rule",
  scheduled_rules: "scheduled rule",
  simple_rules: "simple rule",
  policies: "policy",
};

async function disableDetection(args: DisableArgs, ctx: HandlerContext) {
  checkId("detection_id", args.detection_id);
  const opts = { signal: ctx.signal };
  const ref = { kind: args.detection_type, id: args.detection_id };
  let doc: unknown;
  try {
    doc = (await getDetectionDocument(ctx.panther, ref, opts)).detectionDocument;
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new NotFoundError(
        `no ${args.detection_type} detection "${args.detection_id}"; check detection_type, or find it with get_detection.`,
      );
    }
    throw error;
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
    throw new UpstreamError(`Panther's answer to disable_detection is not a detection object; nothing was changed.`);
  }
  const before = doc as Record<string, unknown>;
  // Already off: nothing to write (no new lastModified, no audit entry).
  if (before.enabled === false) return { detection_type: args.detection_type, id: args.detection_id, enabled: false, was_enabled: false };
  const was = before.enabled ?? null;
  const change = (now: unknown) => ({
    detection_type: args.detection_type,
    detection_id: args.detection_id,
    enabled: { old: was, new: now },
  });
  const name = typeof before.displayName === "string" && before.displayName ? ` "${shown(before.displayName, 80)}"` : "";
  const answer = await ctx.confirm({
    message:
      `Disable the ${KIND_LABEL[args.detection_type]} ${shown(args.detection_id, 120)}${name} in Panther: ` +
      `enabled ${String(was)} -> false. It will raise no more alerts until it is enabled again.`,
    changes: [change(false)],
  });
  if (answer !== "write") return notWritten(answer, [change(false)]);
  // The whole detection goes back, so a PUT keeps every field Panther has, ours or not.
  const saved = (await putDetection(ctx.panther, { ...ref, detection: { ...before, enabled: false } }, opts)).putDetection;
  return { detection_type: args.detection_type, id: saved.id, enabled: saved.enabled, was_enabled: was, changes: [change(saved.enabled)] };
}

export const disableDetectionTool: ToolDefinition<DisableArgs> = {
  name: "disable_detection",
  title: "Disable detection",
  description: "Disable one detection so it raises no more alerts; its tests are not run on save.",
  toolset: "detections",
  // Writes: destructive (the spec's default, so not listed) and idempotent.
  annotations: { idempotentHint: true },
  permissions: ["RuleModify", "PolicyModify"],
  inputSchema: disableInput,
  get inputJsonSchema() {
    return jsonSchemaOf(disableInput);
  },
  handler: disableDetection,
};
