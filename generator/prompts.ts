// Prompts: prompts/<name>.md files, a YAML front matter block (title, description, arguments, tools)
// followed by the text. The text names arguments as {{name}} and tools as {{tool:name}}, so that a
// configured tool prefix reaches the text. Every problem is a `file:line:col` diagnostic.
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from "yaml";
import { checkPromptArgument, DATETIME_FORMS, type PromptArgumentSpec, type PromptPart, type PromptSpec } from "../src/runtime/prompt.js";
import type { Diagnostic } from "./diagnostics.js";
import type { InputFile } from "./load.js";
import { camelCase, compareText, jsLiteral } from "./names.js";

export interface PromptModel {
  file: string;
  /** Name of the generated constant, e.g. getDetectionRuleErrorsPrompt. */
  stem: string;
  spec: PromptSpec;
}

const PROMPT_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const ARGUMENT_NAME = /^[a-z][a-z0-9_]*$/;
const TOP_KEYS = ["title", "description", "arguments", "tools"];
const ARGUMENT_KEYS = ["name", "description", "type", "required", "default", "min", "max", "minLength", "maxLength", "after"];
const CONSTRAINTS: Record<string, string[]> = { string: ["minLength", "maxLength"], integer: ["min", "max"], datetime: ["after"] };
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** Line and column (1-based) of an offset in a text. */
function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Checks one file and builds its spec; problems go to `problems`. */
function buildPrompt(file: InputFile, tools: ReadonlySet<string>, problems: Diagnostic[]): PromptModel | undefined {
  const text = file.text.replace(/\r\n/g, "\n");
  const before = problems.length;
  const at = (offset: number, message: string) => problems.push({ file: file.path, ...positionAt(text, offset), message });

  const parts = file.path.split("/");
  const name = parts.length === 2 && parts[0] === "prompts" && parts[1].endsWith(".md") ? parts[1].slice(0, -".md".length) : undefined;
  if (name === undefined) return void at(0, "prompt files live at prompts/<prompt-name>.md");
  if (!PROMPT_NAME.test(name))
    at(0, `prompt name "${name}" must be kebab-case: lowercase letters and digits in words joined by - (^[a-z][a-z0-9]*(-[a-z0-9]+)*$)`);

  // Front matter: the file starts with a line ---, and the next line --- ends it.
  const lines = text.split("\n");
  if (lines[0].trimEnd() !== "---") return void at(0, "a prompt file starts with a front matter block: a line ---, the YAML, a line ---");
  const close = lines.findIndex((line, i) => i > 0 && line.trimEnd() === "---");
  if (close < 0) return void at(0, "the front matter block is not closed: add a line --- after it");
  const base = lines[0].length + 1;
  const yamlText = lines.slice(1, close).join("\n");
  const bodyStart = lines.slice(0, close + 1).join("\n").length + 1;
  const doc = parseDocument(yamlText, { prettyErrors: false });
  const node = (n: Node | null | undefined) => base + (n?.range?.[0] ?? 0);
  for (const error of doc.errors) at(base + error.pos[0], `front matter: ${error.message.split("\n")[0]}`);
  if (doc.errors.length) return undefined;
  if (!isMap(doc.contents)) return void at(base, `front matter must be a mapping with the keys ${TOP_KEYS.join(", ")}`);

  const top = keyed(doc.contents.items as Pair[], TOP_KEYS, "front matter", at, node);
  const title = singleLine(top.get("title"), "title", at, node, base);
  const description = singleLine(top.get("description"), "description", at, node, base);

  // Arguments.
  const args: (PromptArgumentSpec & { offset: number })[] = [];
  /** Every argument name declared, also of arguments with problems (already reported). */
  const seen = new Set<string>();
  const argsNode = top.get("arguments")?.value as Node | null | undefined;
  if (argsNode !== undefined && argsNode !== null && !isSeq(argsNode)) at(node(argsNode), "arguments must be a list");
  for (const item of isSeq(argsNode) ? (argsNode.items as Node[]) : []) {
    if (!isMap(item)) {
      at(node(item), `each argument is a mapping with the keys ${ARGUMENT_KEYS.join(", ")}`);
      continue;
    }
    const named = (item.items as Pair[]).find((p) => isScalar(p.key) && p.key.value === "name");
    if (named && isScalar(named.value) && typeof named.value.value === "string") seen.add(named.value.value);
    const arg = buildArgument(item.items as Pair[], at, node, node(item));
    if (!arg) continue;
    if (args.some((a) => a.name === arg.name)) at(arg.offset, `argument ${arg.name} is declared twice`);
    else args.push(arg);
  }
  for (const arg of args) {
    if (arg.after === undefined) continue;
    const other = args.find((a) => a.name === arg.after);
    if (!other || other.type !== "datetime" || other === arg)
      at(arg.offset, `argument ${arg.name}: after must name another datetime argument (got ${arg.after})`);
  }

  // Tools.
  const declaredTools: { name: string; offset: number }[] = [];
  const toolsNode = top.get("tools")?.value as Node | null | undefined;
  if (!isSeq(toolsNode))
    at(toolsNode ? node(toolsNode) : base, "tools must be a list of the tools the text uses, e.g. [list_alerts, get_alert]");
  for (const item of isSeq(toolsNode) ? (toolsNode.items as Node[]) : []) {
    const tool = isScalar(item) && typeof item.value === "string" ? item.value : undefined;
    if (tool === undefined) at(node(item), "each tool is a tool name");
    else if (!tools.has(tool)) at(node(item), `unknown tool ${tool}${suggest(tool, tools)}`);
    else if (declaredTools.some((t) => t.name === tool)) at(node(item), `tool ${tool} is listed twice`);
    else declaredTools.push({ name: tool, offset: node(item) });
  }

  // The text.
  const body = text.slice(bodyStart);
  const lead = body.length - body.trimStart().length;
  const content = body.trim();
  if (!content) at(Math.min(bodyStart, text.length), "the prompt has no text after the front matter");
  const pieces: PromptPart[] = [];
  const usedArgs = new Set<string>();
  const usedTools = new Set<string>();
  let last = 0;
  const literal = (from: number, to: number) => {
    const chunk = content.slice(from, to);
    const open = chunk.indexOf("{{");
    if (open >= 0) at(bodyStart + lead + from + open, "{{ is not closed by }}: write {{argument}} or {{tool:name}}");
    for (const match of chunk.matchAll(/[a-z][a-z0-9_]*/g)) {
      const word = match[0];
      const edge = (i: number) => i < 0 || i >= chunk.length || !/[A-Za-z0-9_]/.test(chunk[i]);
      if (tools.has(word) && edge(match.index - 1) && edge(match.index + word.length))
        at(
          bodyStart + lead + from + match.index,
          `tool ${word} named without a placeholder: write {{tool:${word}}} so the tool prefix applies`,
        );
    }
    if (chunk) pieces.push(chunk);
  };
  for (const match of content.matchAll(PLACEHOLDER)) {
    literal(last, match.index);
    last = match.index + match[0].length;
    const offset = bodyStart + lead + match.index;
    const inner = match[1].trim();
    const tool = /^tool:\s*([a-z][a-z0-9_]*)$/.exec(inner);
    if (tool) {
      if (!declaredTools.some((t) => t.name === tool[1]))
        at(
          offset,
          `{{tool:${tool[1]}}}: ${tool[1]} is not in tools:${tools.has(tool[1]) ? " (add it there)" : ` and is no known tool${suggest(tool[1], tools)}`}`,
        );
      usedTools.add(tool[1]);
      pieces.push({ tool: tool[1] });
    } else if (ARGUMENT_NAME.test(inner)) {
      if (!seen.has(inner))
        at(offset, `{{${inner}}} is not a declared argument (arguments: ${args.map((a) => a.name).join(", ") || "none"})`);
      usedArgs.add(inner);
      pieces.push({ arg: inner });
    } else {
      at(offset, `placeholder {{${match[1]}}} is neither {{argument}} nor {{tool:name}}`);
    }
  }
  literal(last, content.length);
  for (const arg of args)
    if (!usedArgs.has(arg.name)) at(arg.offset, `argument ${arg.name} is declared but the text never uses {{${arg.name}}}`);
  for (const tool of declaredTools)
    if (!usedTools.has(tool.name)) at(tool.offset, `tool ${tool.name} is in tools: but the text never uses {{tool:${tool.name}}}`);

  if (problems.length > before) return undefined;
  const merged = pieces.reduce<PromptPart[]>((out, piece) => {
    if (typeof piece === "string" && typeof out[out.length - 1] === "string") out[out.length - 1] += piece;
    else out.push(piece);
    return out;
  }, []);
  return {
    file: file.path,
    stem: `${camelCase(name.replace(/-/g, "_"))}Prompt`,
    spec: {
      name,
      title: title!,
      description: description!,
      arguments: args.map(({ offset: _offset, ...arg }) => arg),
      tools: declaredTools.map((t) => t.name),
      text: merged,
    },
  };
}

type At = (offset: number, message: string) => void;
type Offset = (n: Node | null | undefined) => number;

/** The pairs of a mapping by key; unknown or non-string keys are problems. */
function keyed(pairs: Pair[], valid: string[], where: string, at: At, node: Offset): Map<string, Pair> {
  const out = new Map<string, Pair>();
  for (const pair of pairs) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined || !valid.includes(key))
      at(node(pair.key as Node), `unknown key ${key ?? "?"} in ${where} (valid: ${valid.join(", ")})`);
    else out.set(key, pair);
  }
  return out;
}

/** A required non-empty one-line string value. */
function singleLine(pair: Pair | undefined, key: string, at: At, node: Offset, fallback: number): string | undefined {
  const value = pair && isScalar(pair.value) ? pair.value.value : undefined;
  if (typeof value !== "string" || !value.trim() || /[\r\n]/.test(value.trim())) {
    at(pair ? node(pair.value as Node) : fallback, `${key} is required: one line of text`);
    return undefined;
  }
  return value.trim();
}

/** One argument from its mapping, with the text clients see (the declared description and what is allowed). */
function buildArgument(pairs: Pair[], at: At, node: Offset, offset: number): (PromptArgumentSpec & { offset: number }) | undefined {
  const fields = keyed(pairs, ARGUMENT_KEYS, "an argument", at, node);
  const scalar = (key: string) => {
    const pair = fields.get(key);
    return pair && isScalar(pair.value) ? (pair.value.value as unknown) : pair ? pair.value : undefined;
  };
  const where = (key: string) => (fields.has(key) ? node(fields.get(key)!.value as Node) : offset);
  const name = scalar("name");
  if (typeof name !== "string" || !ARGUMENT_NAME.test(name)) {
    at(fields.has("name") ? where("name") : offset, "argument name is required: snake_case (^[a-z][a-z0-9_]*$)");
    return undefined;
  }
  const problem = (key: string, message: string) => void at(where(key), `argument ${name}: ${message}`);
  const description = scalar("description");
  if (typeof description !== "string" || !description.trim()) problem("description", "description is required");
  const type = scalar("type");
  if (typeof type !== "string" || !(type in CONSTRAINTS)) {
    problem("type", `type must be one of ${Object.keys(CONSTRAINTS).join(", ")} (got ${String(type ?? "nothing")})`);
    return undefined;
  }
  const spec: PromptArgumentSpec & { offset: number } = {
    name,
    description: "",
    required: true,
    type: type as PromptArgumentSpec["type"],
    offset,
  };
  for (const key of ["min", "max", "minLength", "maxLength", "after"]) {
    if (!fields.has(key)) continue;
    if (!CONSTRAINTS[type].includes(key)) {
      problem(key, `constraint ${key} does not apply to type ${type}; it takes ${CONSTRAINTS[type].join(", ")}`);
      continue;
    }
    const value = scalar(key);
    if (key === "after") {
      if (typeof value === "string") spec.after = value;
      else problem(key, "after must name another argument");
    } else if (typeof value === "number" && Number.isSafeInteger(value) && (value >= 0 || !key.endsWith("Length"))) {
      (spec as unknown as Record<string, number>)[key] = value;
    } else problem(key, `${key} must be a whole number${key.endsWith("Length") ? " from 0" : ""}`);
  }
  if (type === "string" && spec.maxLength === undefined) problem("type", "a string argument needs maxLength");
  if (spec.min !== undefined && spec.max !== undefined && spec.min > spec.max) problem("min", `min ${spec.min} is above max ${spec.max}`);
  if (spec.minLength !== undefined && spec.maxLength !== undefined && spec.minLength > spec.maxLength)
    problem("minLength", `minLength ${spec.minLength} is above maxLength ${spec.maxLength}`);
  const required = fields.has("required") ? scalar("required") : true;
  if (typeof required !== "boolean") problem("required", "required must be true or false");
  else spec.required = required;
  if (fields.has("default")) {
    const value = scalar("default");
    if (spec.required) problem("default", "a default is for an argument with required: false");
    else if (typeof value !== "string" && typeof value !== "number") problem("default", "default must be a text or a number");
    else {
      const checked = checkPromptArgument(spec, String(value));
      if ("problem" in checked) problem("default", `default: ${checked.problem}`);
      else spec.default = checked.value;
    }
  } else if (!spec.required) problem("required", "an optional argument needs a default (the text always uses it)");
  spec.description = `${typeof description === "string" ? description.trim().replace(/\.$/, "") : ""} (${allowed(spec)}).`;
  return spec;
}

/** What an argument accepts, in a few words, for its listed description. */
function allowed(spec: PromptArgumentSpec): string {
  const extra = spec.default !== undefined ? `; default ${spec.default}` : "";
  if (spec.type === "datetime") return `${DATETIME_FORMS}${spec.after ? `; after ${spec.after}` : ""}${extra}`;
  if (spec.type === "integer")
    return `whole number${spec.min !== undefined || spec.max !== undefined ? ` ${spec.min ?? "…"}–${spec.max ?? "…"}` : ""}${extra}`;
  return `${spec.minLength ?? 1}–${spec.maxLength} characters${extra}`;
}

/** ", did you mean X?" for the closest known tool, when one is close. */
function suggest(name: string, tools: ReadonlySet<string>): string {
  let best: string | undefined;
  let bestDistance = 4;
  for (const tool of [...tools].sort(compareText)) {
    const d = distance(name, tool);
    if (d < bestDistance) [best, bestDistance] = [tool, d];
  }
  return best
    ? ` (did you mean ${best}?)`
    : " (tools come from operations/ (@tool) and the hand-written list in src/tools/hand-written-names.ts)";
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** Checks every prompt file against the known tools; returns their models sorted by name. */
export function buildPrompts(files: InputFile[], tools: ReadonlySet<string>, problems: Diagnostic[]): PromptModel[] {
  const models: PromptModel[] = [];
  for (const file of files) {
    const model = buildPrompt(file, tools, problems);
    if (model) models.push(model);
  }
  return models.sort((a, b) => compareText(a.spec.name, b.spec.name));
}

/** The generated module of one prompt. */
export function renderPrompt(model: PromptModel): string {
  return [
    `// Generated by \`npm run generate\` from ${model.file}. Do not edit.`,
    `import type { PromptSpec } from "../../src/runtime/index.js";`,
    "",
    `/** ${model.spec.title.replace(/\*\//g, "*\\/")} */`,
    `export const ${model.stem}: PromptSpec = ${jsLiteral(model.spec)};`,
    "",
  ].join("\n");
}
