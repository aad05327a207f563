// Checks across operations: names derived from different files must not collide in generated/.
import type { Diagnostic, Place } from "./diagnostics.js";
import type { OperationModel } from "./model.js";

const at = (place: Place, message: string): Diagnostic => ({ ...place, message });
const where = (place: Place) => `${place.file}:${place.line}:${place.column}`;

/**
 * The models whose names are their own, in order; each that repeats an earlier one's tool name or
 * operation name (get_v2 and get_v_2 both give GetV2) is reported at its operation's name and left out.
 */
export function uniqueModels(models: OperationModel[], problems: Diagnostic[]): OperationModel[] {
  const byName = new Map<string, OperationModel>();
  const byOperation = new Map<string, OperationModel>();
  const kept: OperationModel[] = [];
  for (const model of models) {
    const previous = byName.get(model.name);
    if (previous) {
      problems.push(
        at(
          model.at,
          `duplicate tool name ${model.name}: ${where(previous.at)} has the same file name; names must be unique across toolsets`,
        ),
      );
      continue;
    }
    const clash = byOperation.get(model.operationName);
    if (clash) {
      problems.push(at(model.at, `operation name ${model.operationName} is also derived from ${where(clash.at)}; rename one of the files`));
      continue;
    }
    byName.set(model.name, model);
    byOperation.set(model.operationName, model);
    kept.push(model);
  }
  // generated/index.ts exports each client operation's plan (`<stem>Untrusted`) beside every client function.
  const functions = new Map(kept.map((m) => [m.fnName, m]));
  for (const model of kept) {
    const owner = model.kind === "client" ? functions.get(`${model.stem}Untrusted`) : undefined;
    if (owner) {
      problems.push(
        at(
          model.at,
          `${model.stem}Untrusted, this operation's exported plan, is also the client function of ${where(owner.at)}; rename one of the files`,
        ),
      );
    }
  }
  return kept;
}
