// Start-up configuration errors through the real CLI: exit code 2, one line per problem naming where
// the value came from (the flag when given, else the env var) and what is allowed, before anything
// starts (no DEMO banner), and never echoing a credential.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadConfig, SETTINGS, SWITCH_FLAGS } from "../../src/config.js";
import { allTools } from "../../src/tools/index.js";
import { problems, runCli } from "./harness.js";
import { TOOLSET_NAMES } from "./expected-tools.js";

const SECRET = "Hunter2Secret";

const CREDENTIALS = { PANTHER_INSTANCE_URL: "https://api.example.com", PANTHER_API_TOKEN: "token-for-tests" };

/** A bad value for every setting that can have one, and what its error says is allowed. */
const BAD: Record<string, { value: string; allowed: RegExp }> = {
  PANTHER_INSTANCE_URL: { value: "ftp://api.example.com", allowed: /must be an http\(s\) URL/ },
  PANTHER_API_TOKEN: { value: `tok en${SECRET}`, allowed: /cannot carry \(value not shown\)/ },
  PANTHER_GRAPHQL_URL: { value: "not a url", allowed: /must be an http\(s\) URL/ },
  PANTHER_REST_URL: { value: "https://api.example.com/?x=1", allowed: /must not contain a query string/ },
  PANTHER_GQL_API_URL: { value: "not a url", allowed: /must be an http\(s\) URL/ },
  PANTHER_REST_API_URL: { value: "https://api.example.com/#x", allowed: /must not contain a query string or fragment/ },
  PANTHER_ALLOW_INSECURE_INSTANCE: { value: "true", allowed: /is not supported \(got "true"\): TLS certificates are always verified/ },
  MCP_LOG_FILE: { value: "~someone/panther.log", allowed: /may start with ~ or ~\/ but not ~user/ },
  PANTHER_TIMEOUT_SECONDS: { value: "0", allowed: /must be a whole number from 1 to 600 \(got "0"\)/ },
  PANTHER_MAX_RETRIES: { value: "11", allowed: /must be a whole number from 0 to 10/ },
  PANTHER_RETRY_BUDGET_SECONDS: { value: "-1", allowed: /must be a whole number from 0 to 600/ },
  PANTHER_MAX_CONCURRENCY: { value: "1.5", allowed: /must be a whole number from 1 to 256/ },
  PANTHER_TOOLSETS: {
    value: "alert",
    allowed: new RegExp(`unknown toolset "alert" \\(valid: all, default, ${TOOLSET_NAMES.join(", ")}\\)`),
  },
  PANTHER_TOOLS: { value: "get_alerts", allowed: /unknown tool "get_alerts" \(valid: add_alert_comment,/ },
  PANTHER_EXCLUDE_TOOLS: { value: "drop_table", allowed: /unknown tool "drop_table" \(valid: / },
  PANTHER_READ_ONLY: { value: "maybe", allowed: /must be true or false \(got "maybe"\)/ },
  PANTHER_CONFIRM_WRITES: { value: "ask", allowed: /must be true or false \(got "ask"\)/ },
  PANTHER_LOCKDOWN: { value: "sometimes", allowed: /must be true or false \(got "sometimes"\)/ },
  PANTHER_TOOL_PREFIX: { value: "Bad-", allowed: /must be a lower-case letter then up to 19/ },
  MCP_TRANSPORT: { value: "http2", allowed: /must be one of stdio, streamable-http \(got "http2"\)/ },
  MCP_HOST: { value: "[::1]:3000", allowed: /must be a host name or IP address, .*::1 or \[::1\].*give the port in MCP_PORT/ },
  MCP_PORT: { value: "abc", allowed: /must be a whole number from 0 to 65535 \(got "abc"\)/ },
  MCP_HTTP_TOKEN: { value: `a b${SECRET}`, allowed: /cannot carry \(value not shown\)/ },
  MCP_MAX_BODY_BYTES: { value: "10", allowed: /must be a whole number from 1024 to 104857600/ },
  MCP_ALLOWED_HOSTS: { value: "https://mcp.example.com", allowed: /"https:\/\/mcp.example.com" is not a host or host:port/ },
  MCP_ALLOWED_ORIGINS: { value: "https://app.example.com/path", allowed: /is not an origin \(scheme:\/\/host\[:port\]/ },
  SHUTDOWN_GRACE_SECONDS: { value: "ten", allowed: /must be a whole number from 0 to 600/ },
  LOG_LEVEL: { value: "loud", allowed: /must be one of debug, info, warn, error, silent \(got "loud"\)/ },
  HTTPS_PROXY: { value: "proxy.example:3128", allowed: /must be an http\(s\) proxy URL, e\.g\. .*\(the value is not shown/ },
  OTEL_EXPORTER_OTLP_ENDPOINT: { value: `https://key:${SECRET}@otel.example.com`, allowed: /must not contain a user name or password/ },
};
/** Settings whose every value is acceptable. */
const FREE_TEXT = ["OTEL_SERVICE_NAME"];

/**
 * A CLI run made once, however many tests read it (each problem is its own line, so one launch can
 * carry the bad values of several tests whose settings do not overlap).
 */
function once<T>(run: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => (started ??= run());
}

const RANGED = SETTINGS.filter((s) => s.range);
const CHOOSERS = SETTINGS.filter((s) => s.choices);
const badNumber = (edge: "below" | "above", s: (typeof RANGED)[number]) =>
  edge === "below" ? String(s.range!.min - 1) : String(s.range!.max + 1);
/** Every whole-number setting below its range, and every choice setting given a non-choice. */
const belowAndChoices = once(() =>
  runCli({
    ...CREDENTIALS,
    ...Object.fromEntries(RANGED.map((s) => [s.env, badNumber("below", s)])),
    ...Object.fromEntries(CHOOSERS.map((s) => [s.env, "nonsense"])),
  }),
);
/** Every whole-number setting above its range, and a non-loopback --host without MCP_HTTP_TOKEN. */
const aboveAndHost = once(() =>
  runCli({ ...CREDENTIALS, ...Object.fromEntries(RANGED.map((s) => [s.env, badNumber("above", s)])) }, [
    "--transport",
    "streamable-http",
    "--host",
    "0.0.0.0",
  ]),
);
/** Every setting that has a value flag, bad in its env var and (another bad value wins) by flag; --port abc among them. */
const FLAGGED = SETTINGS.filter((s) => s.flag && !SWITCH_FLAGS.includes(s.flag));
const flagged = once(() =>
  runCli(
    { ...CREDENTIALS, ...Object.fromEntries(FLAGGED.map((s) => [s.env, BAD[s.env].value])) },
    FLAGGED.flatMap((s) => [`--${s.flag}`, BAD[s.env].value]),
  ),
);

describe("configuration errors at start", () => {
  test("every setting is either checked here or free text", () => {
    for (const s of SETTINGS) assert.ok(s.env in BAD || FREE_TEXT.includes(s.env), `${s.env} has a bad-value case`);
  });

  test("every bad env var gets one line naming it and what is allowed; exit 2; nothing on stdout", async () => {
    const env = Object.fromEntries(Object.entries(BAD).map(([name, { value }]) => [name, value]));
    const { code, stdout, stderr } = await runCli(env);
    assert.equal(code, 2, stderr);
    assert.equal(stdout, "");
    const lines = problems(stderr);
    for (const [name, { allowed }] of Object.entries(BAD)) {
      const line = lines.find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}: `));
      assert.ok(line, `a line for ${name} in:\n${stderr}`);
      assert.match(line, allowed, name);
    }
    assert.ok(!stderr.includes(SECRET), "no secret echoed");
    assert.doesNotMatch(stderr, /is not set/, "a set but invalid value is not also reported as unset");
  });

  test("every whole-number setting refuses one below and one above the range its row gives, saying that range", async () => {
    const ranged = RANGED;
    assert.ok(ranged.length >= 7);
    for (const edge of ["below", "above"] as const) {
      const { code, stderr } = await (edge === "below" ? belowAndChoices() : aboveAndHost());
      assert.equal(code, 2, stderr);
      const lines = problems(stderr);
      for (const s of ranged) {
        const expected = `${s.env} must be a whole number from ${s.range!.min} to ${s.range!.max} (got "${badNumber(edge, s)}")`;
        assert.ok(lines.includes(expected), `${expected} in:\n${stderr}`);
      }
    }
  });

  test("every choice setting lists its choices from its row; the other spellings it shows are accepted", async () => {
    const choosers = CHOOSERS;
    assert.deepEqual(
      choosers.map((s) => s.env),
      ["MCP_TRANSPORT", "LOG_LEVEL"],
    );
    const { stderr } = await belowAndChoices();
    for (const s of choosers)
      assert.ok(problems(stderr).includes(`${s.env} must be one of ${s.choices!.join(", ")} (got "nonsense")`), stderr);
    for (const [level, read] of [
      ["warning", "warn"],
      ["CRITICAL", "error"],
    ])
      assert.equal(loadConfig({ ...CREDENTIALS, LOG_LEVEL: level }).logLevel, read);
    assert.match(SETTINGS.find((s) => s.env === "LOG_LEVEL")!.allowed, /warn \(or warning\), error \(or critical\)/);
  });

  test("a value given by flag is named by its flag, never by the env var it overrides", async () => {
    assert.ok(FLAGGED.length >= 7);
    const { code, stderr } = await flagged();
    assert.equal(code, 2, stderr);
    const lines = problems(stderr);
    for (const s of FLAGGED) {
      const line = lines.find((l) => l.startsWith(`--${s.flag} `) || l.startsWith(`--${s.flag}: `));
      assert.ok(line, `a line for --${s.flag} in:\n${stderr}`);
      assert.match(line, BAD[s.env].allowed, s.flag);
      assert.ok(!lines.some((l) => l.startsWith(s.env)), `${s.env} is not named when --${s.flag} was given`);
    }
  });

  test("--port abc names --port; a flag that needs a value or does not exist names the flag", async () => {
    assert.deepEqual(
      FLAGGED.map((s) => [s.flag, BAD[s.env].value]).filter(([flag]) => flag === "port"),
      [["port", "abc"]],
      "the flag run gives --port abc",
    );
    const portLines = problems((await flagged()).stderr).filter((l) => l.startsWith("--port ") || l.startsWith("MCP_PORT"));
    assert.equal(portLines.length, 1, portLines.join("\n"));
    assert.match(portLines[0]!, /^--port must be a whole number from 0 to 65535 \(got "abc"\)$/);
    for (const args of [["--port"], ["--prot", "1"]]) {
      const { code, stderr } = await runCli(CREDENTIALS, args);
      assert.equal(code, 2);
      assert.match(stderr, new RegExp(`'${args[0]}`));
      assert.match(stderr, /--help/);
    }
  });

  test("a non-loopback --host without MCP_HTTP_TOKEN names --host", async () => {
    const { code, stderr } = await aboveAndHost();
    assert.equal(code, 2);
    assert.match(stderr, /MCP_HTTP_TOKEN must be set when --host is not a loopback address \(got 0\.0\.0\.0\)/);
  });

  test("selection errors in demo mode come before anything starts: no DEMO banner", async () => {
    const ALERT_READS = allTools.filter((t) => t.toolset === "alerts" && t.annotations.readOnlyHint).map((t) => t.name);
    for (const [env, args, names] of [
      [{}, ["--demo", "--toolsets", "alert"], ["--toolsets"]],
      // Two unknown names at once (an env var and a flag): each is its own problem.
      [{ PANTHER_TOOLSETS: "alert" }, ["--demo", "--tools", "get_alerts"], ["PANTHER_TOOLSETS", "--tools"]],
      // Read-only, excluding every read of the alerts toolset: nothing is left.
      [{}, ["--demo", "--toolsets", "alerts", "--exclude-tools", ALERT_READS.join(","), "--read-only"], ["--toolsets"]],
    ] as [Record<string, string>, string[], string[]][]) {
      const { code, stderr } = await runCli(env, args);
      assert.equal(code, 2, stderr);
      for (const named of names)
        assert.ok(
          problems(stderr).some((l) => l.includes(named)),
          `${named} named in:\n${stderr}`,
        );
      assert.doesNotMatch(stderr, /DEMO MODE/, "the error comes before the banner (which is never printed)");
    }
  });

  test("credentials or a query string in any URL setting are refused without echoing them", async () => {
    const urls = ["PANTHER_INSTANCE_URL", "PANTHER_GRAPHQL_URL", "PANTHER_REST_URL", "OTEL_EXPORTER_OTLP_ENDPOINT"];
    const forms = [
      [`https://admin:${SECRET}@api.example.com`, /must not contain a user name or password \(got "https:\/\/\*\*\*@api\.example\.com"\)/],
      [`https://${SECRET}@api.example.com/`, /must not contain a user name or password/],
      [`https://api.example.com/?token=${SECRET}`, /must not contain a query string or fragment \(got "https:\/\/api\.example\.com\/"\)/],
      [`https://api.example.com/#${SECRET}`, /must not contain a query string or fragment/],
      [
        `https://admin:${SECRET} x@api.example.com`,
        /must not contain a user name or password \(got "https:\/\/\*\*\*@api\.example\.com"\)/,
      ],
      [`https://admin:${SECRET}/x@api.example.com`, /\(got "https:\/\/\*\*\*@api\.example\.com"\)/],
      [`admin:${SECRET}@api.example.com`, /must be an http\(s\) URL/],
    ] as const;
    for (const [value, message] of forms) {
      const env = { PANTHER_API_TOKEN: "token-for-tests", ...Object.fromEntries(urls.map((u) => [u, value])) };
      const { code, stdout, stderr } = await runCli(env);
      assert.equal(code, 2, stderr);
      for (const name of urls) {
        const line = problems(stderr).find((l) => l.startsWith(`${name} `));
        assert.ok(line, `${name} refused for ${value}:\n${stderr}`);
        assert.match(line, message, `${name} ${value}`);
      }
      if (/user name/.test(String(message)))
        assert.match(stderr, /PANTHER_INSTANCE_URL must not contain .*: put the API token in PANTHER_API_TOKEN\n/);
      assert.ok(!stderr.includes(SECRET) && !stdout.includes(SECRET), `the secret is not echoed for ${value}`);
      assert.doesNotMatch(stderr, /PANTHER_INSTANCE_URL is not set/);
    }
  });

  test("an invalid PANTHER_INSTANCE_URL is reported once, not also as unset; an empty one is unset", async () => {
    const invalid = problems((await runCli({ PANTHER_INSTANCE_URL: "api.example.com", PANTHER_API_TOKEN: "t0ken" })).stderr);
    assert.deepEqual(invalid.length, 1, invalid.join("\n"));
    assert.match(invalid[0], /^PANTHER_INSTANCE_URL must be an http\(s\) URL/);
    const empty = problems((await runCli({ PANTHER_INSTANCE_URL: "  ", PANTHER_API_TOKEN: "t0ken" })).stderr);
    assert.deepEqual(empty.length, 1, empty.join("\n"));
    assert.match(empty[0], /^PANTHER_INSTANCE_URL is not set/);
  });
});
