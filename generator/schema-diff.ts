// npm run schema:diff — what Panther changed, and which of our tools it breaks.
//   npm run schema:diff                         Panther's published reference (../shared/reference/)
//   npm run schema:diff -- --schema FILE        Panther's SDL in FILE
//   npm run schema:diff -- --live               the live schema, by introspection (PANTHER_INSTANCE_URL + PANTHER_API_TOKEN)
//   npm run schema:diff -- --openapi FILE       Panther's REST spec (default: the reference's panther-rest-openapi.yaml)
//   --json | --markdown                         output format (default: text)
// Exit 0: nothing breaks; 1: something our operations use changed; 2: bad usage or unreadable input.
// PANTHER_REFERENCE_DIR overrides where the reference is looked for.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { failureOutput, parseOptions, UsageError } from "./maintainer/command.js";
import { fileURLToPath } from "node:url";
import { buildClientSchema, buildSchema, getIntrospectionQuery, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { parse as parseYaml } from "yaml";
import { readInputs } from "./inputs.js";
import { formatDiagnostic, type Diagnostic } from "./diagnostics.js";
import { loadOperations, loadSchema } from "./load.js";
import type { SchemaDiffReport } from "./maintainer/findings.js";
import { compareGraphql, graphqlSurface } from "./maintainer/graphql-diff.js";
import { compareRest, type OpenApi } from "./maintainer/rest-diff.js";
import { toJson, toMarkdown, toText } from "./maintainer/schema-report.js";
import { collectUsage, type Usage } from "./maintainer/usage.js";
import { functionName } from "./names.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Bad usage (exit 2); `help` adds the usage text, for mistakes in the command line. */
const HELP = `usage: npm run schema:diff -- [--schema FILE | --live] [--openapi FILE | --no-rest] [--json | --markdown]
  --schema FILE    Panther's GraphQL SDL (default: <reference>/panther-schema.graphql)
  --live           introspect the live schema at PANTHER_GRAPHQL_URL or PANTHER_INSTANCE_URL with PANTHER_API_TOKEN
  --openapi FILE   Panther's REST OpenAPI spec (default: <reference>/panther-rest-openapi.yaml)
  --no-rest        skip the REST check
  --json           machine-readable report
  --markdown       report for a PR comment
<reference> is ../shared/reference next to the project (PANTHER_REFERENCE_DIR overrides).
Exit code: 0 nothing of ours breaks, 1 breaking changes, 2 bad usage or unreadable input.`;

function referenceDir(env: NodeJS.ProcessEnv): string {
  return resolve(env.PANTHER_REFERENCE_DIR ?? join(ROOT, "..", "shared", "reference"));
}

function readInput(path: string, what: string): string {
  if (!existsSync(path)) throw new UsageError(`${what} not found: ${path}`);
  return readFileSync(path, "utf8");
}

function sdlSchema(path: string): GraphQLSchema {
  try {
    return buildSchema(readInput(path, "Panther's GraphQL schema"));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${path} is not a valid GraphQL schema: ${(error as Error).message}`);
  }
}

/**
 * The live schema, fetched as the server reaches Panther (pantherFromConfig): the same endpoint rules
 * (an API URL, the overrides, or discovery from a console URL) and the same request core (TLS, proxy,
 * timeout, scrubbing).
 */
async function liveSchema(env: NodeJS.ProcessEnv): Promise<{ schema: GraphQLSchema; source: string }> {
  const { loadConfig, ConfigError } = await import("../src/config.js");
  const { pantherFromConfig } = await import("../src/panther-from-config.js");
  const { createLogger } = await import("../src/logger.js");
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`--live needs Panther's settings:\n  ${error.problems.join("\n  ")}`);
    throw error;
  }
  const { panther, endpoints } = pantherFromConfig(config, createLogger("silent"), "panther-mcp schema:diff");
  const where = () => endpoints.view().graphqlUrl || config.instanceUrl;
  try {
    const data = await panther.graphql<IntrospectionQuery>({
      operationName: "IntrospectionQuery",
      query: getIntrospectionQuery(),
      variables: {},
      mutation: false,
    });
    return { schema: buildClientSchema(data), source: `${where()} (introspection)` };
  } catch (error) {
    throw new UsageError(`introspection of ${where()} failed: ${(error as Error).message}`);
  } finally {
    await panther.close();
  }
}

/** For each @client operation, the hand-written tool files that call its generated function. */
function attachCallers(usage: Usage): void {
  const dir = join(ROOT, "src", "tools");
  const sources = readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => ({ file: `src/tools/${f}`, text: readFileSync(join(dir, f), "utf8") }));
  const callers = new Map<string, string[]>();
  const uses = [...usage.graphql.values()].flat().concat(usage.rest.map((c) => c.use));
  for (const use of uses) {
    if (use.kind !== "client") continue;
    if (!callers.has(use.tool)) {
      const fn = new RegExp(`\\b${functionName(use.tool)}\\b`);
      callers.set(
        use.tool,
        sources.filter((s) => fn.test(s.text)).map((s) => s.file),
      );
    }
    use.via = callers.get(use.tool);
  }
}

function openApi(path: string): OpenApi {
  let spec: unknown;
  try {
    spec = parseYaml(readInput(path, "Panther's OpenAPI spec (--openapi FILE gives another, --no-rest skips the REST check)"));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${path} is not valid YAML: ${(error as Error).message}`);
  }
  if (!spec || typeof spec !== "object" || !("paths" in spec)) throw new UsageError(`${path} is not an OpenAPI document (no paths)`);
  return spec as OpenApi;
}

export async function schemaDiff(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ report: SchemaDiffReport; format: "text" | "json" | "markdown" }> {
  const values = parseOptions(argv, {
    schema: { type: "string" },
    live: { type: "boolean" },
    openapi: { type: "string" },
    "no-rest": { type: "boolean" },
    json: { type: "boolean" },
    markdown: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) throw new UsageError("", true);
  if (values.schema !== undefined && values.live) throw new UsageError("--schema and --live are exclusive: pick one source", true);
  if (values.json && values.markdown) throw new UsageError("--json and --markdown are exclusive: pick one format", true);
  if (values.openapi !== undefined && values["no-rest"]) throw new UsageError("--openapi and --no-rest are exclusive", true);
  const reference = referenceDir(env);

  const problems: Diagnostic[] = [];
  const inputs = await readInputs(ROOT);
  const ours = loadSchema(inputs.schema, problems);
  const operations = loadOperations(inputs.operations, problems);
  if (!ours || problems.length) {
    throw new UsageError(`our schema/ or operations/ do not load (run npm run generate):\n${problems.map(formatDiagnostic).join("\n")}`);
  }
  const usage = collectUsage(ours.schema, operations);
  attachCallers(usage);

  let theirs: GraphQLSchema;
  let graphqlSource: string;
  if (values.live) ({ schema: theirs, source: graphqlSource } = await liveSchema(env));
  else {
    graphqlSource = resolve(values.schema ?? join(reference, "panther-schema.graphql"));
    theirs = sdlSchema(graphqlSource);
  }
  const surface = graphqlSurface(ours.document, theirs);
  const graphql = await compareGraphql(surface.schema, theirs, usage.graphql);

  const report: SchemaDiffReport = { sources: { graphql: graphqlSource }, ...graphql, skipped: surface.skipped };
  if (!values["no-rest"]) {
    const specPath = resolve(values.openapi ?? join(reference, "panther-rest-openapi.yaml"));
    const rest = compareRest(ours.schema, openApi(specPath), usage.rest);
    report.sources.rest = specPath;
    report.breaking.push(...rest.breaking);
    report.drift.push(...rest.drift);
    report.added.push(...rest.added);
  }
  return { report, format: values.json ? "json" : values.markdown ? "markdown" : "text" };
}

/** The command: its exit code and what it prints, for the CLI below and for tests in-process. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { report, format } = await schemaDiff(argv, env);
    const stdout = format === "json" ? toJson(report) : format === "markdown" ? toMarkdown(report) : toText(report);
    return { code: report.breaking.length ? 1 : 0, stdout, stderr: "" };
  } catch (error) {
    return failureOutput("schema:diff", HELP, error);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void main(process.argv.slice(2)).then(({ code, stdout, stderr }) => {
    process.stdout.write(stdout);
    process.stderr.write(stderr);
    process.exitCode = code;
  });
}
