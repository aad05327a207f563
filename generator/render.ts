import Handlebars from "handlebars";
import { readFileSync } from "node:fs";
import { compareText, jsLiteral, jsString, jsTemplate } from "./names.js";
import type { OperationModel } from "./model.js";
import type { PromptModel } from "./prompts.js";

const here = new URL("./templates/", import.meta.url);
const hbs = Handlebars.create();
hbs.registerHelper("str", (value: unknown) => jsString(String(value ?? "")));
hbs.registerHelper("template", (value: unknown) => jsTemplate(String(value ?? "")));
/** Text inside a block comment: `*\/` can never close it, line separators never break it. */
hbs.registerHelper("comment", (value: unknown) =>
  String(value ?? "")
    .replace(/\*\//g, "*\\/")
    .replace(/[\r\n\u2028\u2029]+/g, " "),
);
const operationTemplate = hbs.compile(readFileSync(new URL("operation.hbs", here), "utf8"), { noEscape: true, strict: true });
const indexTemplate = hbs.compile(readFileSync(new URL("index.hbs", here), "utf8"), { noEscape: true, strict: true });
const promptsIndexTemplate = hbs.compile(readFileSync(new URL("prompts-index.hbs", here), "utf8"), { noEscape: true, strict: true });

/** The view of one operation the template prints; every decision is made here, not in the template. */
function operationView(op: OperationModel) {
  const isTool = op.kind === "tool";
  const runtime = new Set<string>();
  if (op.rest) runtime.add("projectSelection").add("restPath");
  if (isTool) for (const helper of op.args.flatMap((a) => a.helpers)) runtime.add(helper);
  if (op.rest?.enumMaps.length) runtime.add("restValue");
  if (isTool && op.shapeLiteral) runtime.add("shapeResult");
  if (isTool && op.args.some((a) => a.relativeDefault)) runtime.add("relativeTime");
  if (isTool) runtime.add("toolJsonSchema");
  const value = op.rootKey ? `data[${jsString(op.rootKey)}]` : "data";
  return {
    ...op,
    isTool,
    clientPlan: !isTool && Boolean(op.untrustedLiteral),
    mutation: op.operationType === "mutation",
    enumMaps: op.rest?.enumMaps ?? [],
    runtimeImports: [...runtime].sort().join(", "),
    withRequired: Boolean(op.rest?.defaulted.length),
    variablesParam: op.rest?.defaulted.length
      ? `WithRequired<${op.variablesType}, ${op.rest.defaulted.map((v) => jsString(v)).join(" | ")}>`
      : op.variablesType,
    annotations: jsLiteral(op.annotations),
    permissions: jsLiteral(op.permissions),
    secretFieldsLiteral: jsLiteral(op.secretFields),
    resultExpr: op.shapeLiteral ? `shapeResult(${value}, ${op.shapeLiteral})` : value,
  };
}

export function renderOperation(op: OperationModel): string {
  return operationTemplate(operationView(op));
}

export function renderIndex(operations: OperationModel[], prompts: PromptModel[] = []): string {
  const tools = operations.filter((op) => op.kind === "tool").sort((a, b) => compareText(a.name, b.name));
  const names = [...new Set(tools.map((t) => t.toolset))].sort(compareText);
  const toolsets = names.map((name) => ({ name, tools: tools.filter((t) => t.toolset === name) }));
  const clients = [...operations].sort((a, b) => compareText(a.fnName, b.fnName)).map((op) => ({ ...op, isTool: op.kind === "tool" }));
  return indexTemplate({ toolsets, prompts, clients });
}

/** generated/prompts/index.ts: the prompts alone, so that listing them loads no tool module. */
export function renderPromptsIndex(prompts: PromptModel[]): string {
  return promptsIndexTemplate({ prompts });
}
