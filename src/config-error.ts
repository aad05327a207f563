/** Configuration that cannot be served: one line per problem, each naming its setting and what is allowed. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}
