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
  /** Set for a field we declare non-null that Panther's spec marks optional (`Type.field`), so printers can sum these up. */
  optionalInPanther?: string;
  /** Set for what only some endpoints of one @rest field have (a detection kind's own fields): the field and the item. */
  onSomeEndpoints?: { field: string; item: string };
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
