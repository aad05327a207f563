// The simulator's default API token, in a module of its own so that `--demo` knows it before the
// simulator is loaded (src/demo.ts).
export const DEMO_TOKEN = "sim-demo-token";
