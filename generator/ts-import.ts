// Imports of the project's TypeScript that the generator reads at run time (the registry, the generated
// prompts, the modules that read the registry). Run through tsx, Node can already load them; the bundled
// generator (generator/bundle-entry.ts) registers tsx first, and only when a run gets this far.
let prepare: () => Promise<void> = async () => {};

/** Set by the bundled generator: what makes .ts modules loadable. */
export function beforeTypeScriptImports(setUp: () => Promise<void>): void {
  let done: Promise<void> | undefined;
  prepare = () => (done ??= setUp());
}

/** Makes sure .ts modules can be imported from here on. */
export function typeScriptImports(): Promise<void> {
  return prepare();
}
