// OpenTelemetry export: the real server sends its spans to a small OTLP/HTTP collector started here,
// and sends nothing when the OTEL_* variables do not ask for it.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { samplerSetting, serviceName, tracingEnabled } from "../../src/telemetry/env.js";
import { connect, errorText, resultJson, TOKEN, useSimulator } from "./harness.js";

interface Collector {
  url: string;
  /** Every request received: path, content type and body text. */
  received: { path: string; contentType: string; body: string }[];
  close(): Promise<void>;
}

async function startCollector(): Promise<Collector> {
  const received: Collector["received"] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "", contentType: String(req.headers["content-type"]), body });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
}
interface OtlpSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: { key: string; value: OtlpValue }[];
  status?: { code?: number };
}

/** The spans in OTLP/JSON export bodies, each with its resource's attributes. */
function spansIn(bodies: string[]): { span: OtlpSpan; resource: Record<string, OtlpValue> }[] {
  const out: { span: OtlpSpan; resource: Record<string, OtlpValue> }[] = [];
  for (const body of bodies) {
    const parsed = JSON.parse(body) as {
      resourceSpans: { resource: { attributes: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
    };
    for (const rs of parsed.resourceSpans) {
      const resource = Object.fromEntries(rs.resource.attributes.map((a) => [a.key, a.value]));
      for (const ss of rs.scopeSpans) for (const span of ss.spans) out.push({ span, resource });
    }
  }
  return out;
}

function attr(span: OtlpSpan, key: string): string | number | undefined {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
}

describe("opentelemetry export", () => {
  let sim: Simulator;
  useSimulator({}, {}, (started) => ({ sim } = started));

  test("exports a span per tool call, with upstream child spans, and flushes them on shutdown", async () => {
    const collector = await startCollector();
    try {
      // A long batch delay: the spans can only arrive through the flush at shutdown.
      const s = await connect(sim, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: "60000" } });
      resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 2 } }));
      assert.match(errorText(await s.client.callTool({ name: "get_alert", arguments: { alert_id: "no-such-alert-7c1e" } })), /^NOT_FOUND:/);
      assert.equal(collector.received.length, 0, "nothing is sent before the batch delay or shutdown");
      await s.close();

      assert.ok(collector.received.length > 0, "the collector received the spans at shutdown");
      for (const r of collector.received) {
        assert.equal(r.path, "/v1/traces");
        assert.match(r.contentType, /application\/json/);
        assert.ok(!r.body.includes(TOKEN), "the API token must never be exported");
        assert.ok(!r.body.includes("no-such-alert-7c1e"), "tool arguments must never be exported");
      }
      const spans = spansIn(collector.received.map((r) => r.body));

      const list = spans.find((x) => x.span.name === "tools/call list_alerts");
      assert.ok(list, `a list_alerts span among ${spans.map((x) => x.span.name).join(", ")}`);
      assert.equal(list.resource["service.name"]?.stringValue, "panther-mcp");
      assert.equal(attr(list.span, "mcp.tool.name"), "list_alerts");
      assert.equal(typeof attr(list.span, "mcp.request.id"), "string");
      assert.equal(attr(list.span, "panther_mcp.error_code"), undefined);
      assert.notEqual(list.span.status?.code, 2);

      const get = spans.find((x) => x.span.name === "tools/call get_alert");
      assert.ok(get, "a get_alert span");
      assert.equal(attr(get.span, "mcp.tool.name"), "get_alert");
      assert.equal(attr(get.span, "panther_mcp.error_code"), "NOT_FOUND");
      assert.equal(get.span.status?.code, 2, "status ERROR");

      // The upstream requests are children of their tool call's span.
      for (const parent of [list, get]) {
        const children = spans.filter((x) => x.span.parentSpanId === parent.span.spanId);
        assert.ok(children.length >= 1, `${parent.span.name} has an upstream child span`);
        for (const child of children) {
          assert.equal(child.span.traceId, parent.span.traceId);
          assert.equal(attr(child.span, "http.request.method"), "POST");
          assert.equal(attr(child.span, "server.address"), "127.0.0.1");
          assert.equal(typeof attr(child.span, "http.response.status_code"), "number");
        }
      }
      assert.match(s.stderr(), /opentelemetry: exporting traces/);
    } finally {
      await collector.close();
    }
  });

  test("honours OTEL_SERVICE_NAME and the batch delay", async () => {
    const collector = await startCollector();
    try {
      const s = await connect(sim, {
        env: {
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector.url}/v1/traces`,
          OTEL_SERVICE_NAME: "triage-bot",
          OTEL_BSP_SCHEDULE_DELAY: "100",
        },
      });
      try {
        resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
        const deadline = Date.now() + 5_000;
        while (collector.received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        const spans = spansIn(collector.received.map((r) => r.body));
        const list = spans.find((x) => x.span.name === "tools/call list_alerts");
        assert.ok(list, "exported by the batch processor while the server runs");
        assert.equal(list.resource["service.name"]?.stringValue, "triage-bot");
      } finally {
        await s.close();
      }
    } finally {
      await collector.close();
    }
  });

  test("sends nothing without an endpoint, or with OTEL_SDK_DISABLED=true", async () => {
    const collector = await startCollector();
    try {
      const plain = await connect(sim, { env: { OTEL_SERVICE_NAME: "unused", OTEL_BSP_SCHEDULE_DELAY: "100" } });
      const disabled = await connect(sim, {
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SDK_DISABLED: "true", OTEL_BSP_SCHEDULE_DELAY: "100" },
      });
      for (const s of [plain, disabled]) resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await Promise.all([plain.close(), disabled.close()]);
      assert.equal(collector.received.length, 0);
      for (const s of [plain, disabled]) assert.doesNotMatch(s.stderr(), /opentelemetry/);
    } finally {
      await collector.close();
    }
  });
});

describe("opentelemetry settings", () => {
  test("export needs an endpoint and is switched off by OTEL_SDK_DISABLED", () => {
    assert.equal(tracingEnabled({}), false);
    assert.equal(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318" }), true);
    assert.equal(tracingEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://c:4318/v1/traces" }), true);
    assert.equal(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_SDK_DISABLED: "TRUE" }), false);
    assert.equal(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: "  " }), false);
  });

  test("service name and sampler", () => {
    assert.equal(serviceName({}), "panther-mcp");
    assert.equal(serviceName({ OTEL_SERVICE_NAME: "x" }), "x");
    assert.deepEqual(samplerSetting({}), { ratio: 1, parentBased: true });
    assert.deepEqual(samplerSetting({ OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "0.25" }), {
      ratio: 0.25,
      parentBased: false,
    });
    assert.deepEqual(samplerSetting({ OTEL_TRACES_SAMPLER: "always_off" }), { ratio: 0, parentBased: false });
  });
});
