import assert from "node:assert/strict";
import { test } from "node:test";
import { compose, type Middleware, type ToolCall } from "../../src/middleware.js";

test("middleware runs in order around the last step, outermost first", async () => {
  const order: string[] = [];
  const named =
    (name: string): Middleware =>
    async (_call, next) => {
      order.push(`${name}:in`);
      const result = await next();
      order.push(`${name}:out`);
      return result;
    };
  const run = compose([named("a"), named("b")], async () => {
    order.push("handler");
    return { content: [{ type: "text", text: "ok" }] };
  });
  const result = await run({} as ToolCall);
  assert.equal(result.content[0].text, "ok");
  assert.deepEqual(order, ["a:in", "b:in", "handler", "b:out", "a:out"]);
});

test("a middleware can answer without calling the rest", async () => {
  let reached = false;
  const run = compose([async () => ({ content: [{ type: "text", text: "short-circuit" }], isError: true })], async () => {
    reached = true;
    return { content: [] };
  });
  assert.equal((await run({} as ToolCall)).content[0].text, "short-circuit");
  assert.equal(reached, false);
});
