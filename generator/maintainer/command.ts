// What the maintainer's commands (schema:diff, contract:diff) share: option parsing, and usage errors
// and failures turned into exit codes and output.
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Bad usage: exit 2 with the message (and the help text when `help`); no message means `--help` (exit 0). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly help = false,
  ) {
    super(message);
  }
}

/** The command's options; anything unknown or malformed is a UsageError showing the help. */
export function parseOptions<const O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message, true);
  }
}

export interface CommandOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** A command's output when it threw: usage (2, or 0 for --help) or an unexpected failure (2). */
export function failureOutput(command: string, help: string, error: unknown): CommandOutput {
  if (error instanceof UsageError) {
    const shown = error.help ? `${error.message ? "\n" : ""}${help}\n` : "";
    return { code: error.message ? 2 : 0, stdout: "", stderr: `${error.message ? `${command}: ${error.message}\n` : ""}${shown}` };
  }
  return { code: 2, stdout: "", stderr: `${command}: ${(error as Error).stack ?? String(error)}\n` };
}
