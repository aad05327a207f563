// The environment variable by which a test process (test/shared-process.ts) tells the tests where the
// compiled copy of our sources it runs is (test/compile.ts); test/e2e/harness.ts reads it.
export const COMPILED_TESTS_ENV = "PANTHER_MCP_COMPILED_TESTS";
