import { z } from "zod";
import { advertised } from "./json-schema.js";

/**
 * Argument checks the server enforces. A DateTime argument is advertised as `format: date-time`
 * (RFC 3339, which allows t/z in either case); this pattern is the server's reading of that format,
 * and test/runtime/schema-agreement.test.ts checks the two agree.
 */

const LEAP_DAY = "(?:\\d\\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29";
const OTHER_DAY = "\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))";
const TIME = "[Tt](?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,9})?";
const ZONE = "(?:[Zz]|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)";

/**
 * RFC 3339 date-time (T and Z in either case, seconds required, at most 9 fraction digits, a zone),
 * with real calendar days. Leap seconds are refused: Panther does not take them.
 */
export const DATE_TIME_PATTERN = `^(?:${LEAP_DAY}|${OTHER_DAY})${TIME}${ZONE}$`;
const DATE_TIME = new RegExp(DATE_TIME_PATTERN, "u");

/**
 * A DateTime argument: checked against DATE_TIME_PATTERN and passed on upper-cased (canonical form);
 * a generated tool lists it as `format: date-time` (the pattern would cost ~190 tokens an argument).
 */
export function dateTime() {
  const schema = z
    .string()
    .check((ctx) => {
      if (!DATE_TIME.test(ctx.value)) {
        ctx.issues.push({ code: "invalid_format", format: "date-time", input: ctx.value, inst: undefined as never });
      }
    })
    .transform((value) => value.toUpperCase());
  return schema.register(advertised, { format: "date-time" });
}
