// Standalone simulator: `npx tsx src/simulator/main.ts [--port N]`.
// Writes its URLs and token to stderr (never stdout) and runs until SIGINT/SIGTERM.
import { startSimulator } from "./index.js";

function portArg(argv: string[]): number | undefined {
  const i = argv.findIndex((a) => a === "--port" || a.startsWith("--port="));
  if (i < 0) return undefined;
  const raw = argv[i]!.includes("=") ? argv[i]!.split("=")[1] : argv[i + 1];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`invalid --port value: ${String(raw)}\n`);
    process.exit(2);
  }
  return port;
}

const sim = await startSimulator({ port: portArg(process.argv.slice(2)) });
process.stderr.write(
  [
    "Panther simulator running",
    `  PANTHER_INSTANCE_URL=${sim.url}`,
    `  PANTHER_GRAPHQL_URL=${sim.graphqlUrl}`,
    `  PANTHER_REST_URL=${sim.restUrl}`,
    `  PANTHER_API_TOKEN=${sim.token}`,
    "Press Ctrl+C to stop.",
    "",
  ].join("\n"),
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  sim.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
