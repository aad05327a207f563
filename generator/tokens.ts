// Token counts (o200k), as the budgets and the contract diff take them (the bench and the token-budget
// test count with gpt-tokenizer themselves: an independent measure of what the server sends). The tokenizer's tables
// take a noticeable part of a generate run to load, so they load on the first count, not on import.
import { createRequire } from "node:module";

type Encode = (text: string) => number[];
let encode: Encode | undefined;

export function countTokens(text: string): number {
  encode ??= (createRequire(import.meta.url)("gpt-tokenizer/encoding/o200k_base") as { encode: Encode }).encode;
  return encode(text).length;
}
