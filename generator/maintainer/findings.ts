/** Findings of schema:diff, shared by the GraphQL and REST checks and the printers. */

import type { Use } from "./usage.js";

export interface Finding {
  api: "graphql" | "rest";
  /** What it is about: `Alert.title`, `GET /users ?cursor`, … */
  subject: string;
  /** What differs, in a few words. */
  message: string;
  /** Tools (and @client operations) that use it, with where; empty when unused. */
  uses: Use[];
}

/** Things Panther has that we do not declare, grouped (one group per root field list, type or REST area). */
export interface AddedGroup {
  api: "graphql" | "rest";
  group: string;
  items: string[];
}

export interface SchemaDiffReport {
  sources: { graphql: string; rest?: string };
  breaking: Finding[];
  drift: Finding[];
  added: AddedGroup[];
  /** Known live additions left out because Panther's schema lacks them. */
  skipped: string[];
}
