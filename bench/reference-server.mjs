// The start-up reference: the smallest useful MCP server on the same SDK, over stdio, with
// REFERENCE_TOOLS (default 9) trivial tools. bench/startup.ts compares our server with it.
import process from "node:process";
import { Server } from "@modelcontextprotocol/server";
import { serveStdio } from "@modelcontextprotocol/server/stdio";

const count = Number(process.env.REFERENCE_TOOLS ?? 9);
const tools = Array.from({ length: count }, (_, i) => ({
  name: `tool_${i}`,
  description: `Trivial tool number ${i}.`,
  inputSchema: { type: "object", properties: {} },
}));

serveStdio(() => {
  const server = new Server({ name: "reference", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler("tools/list", async () => ({ tools }));
  server.setRequestHandler("tools/call", async () => ({ content: [{ type: "text", text: "ok" }] }));
  return server;
});
