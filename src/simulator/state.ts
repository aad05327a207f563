// Mutable state of one simulator: the seed data plus everything clients change.
import type { ActorRef, SeedData, SimAlert, SimComment, SimDetection, SimRole, SimUser } from "./model.js";
import type { SimToken } from "./permissions.js";
import type { QueryJobs } from "./query-jobs.js";
import type { RuleAssets } from "./seed-rule-assets.js";
import type { SourceSeed } from "./seed-sources.js";
import type { Clock } from "./time.js";

export class SimState {
  readonly alerts = new Map<string, SimAlert>();
  readonly users = new Map<string, SimUser>();
  readonly roles: readonly SimRole[];
  readonly comments: SimComment[];
  readonly detections: SimDetection[];
  /** Data models, global helpers and saved queries (read-only here). */
  readonly ruleAssets: RuleAssets;
  readonly sources: SourceSeed;
  private commentCounter: number;

  constructor(
    data: SeedData,
    readonly clock: Clock,
    readonly tokens: SimToken[],
    readonly queries: QueryJobs,
  ) {
    for (const a of data.alerts) this.alerts.set(a.id, a);
    for (const u of data.users) this.users.set(u.id, u);
    this.roles = data.roles;
    this.comments = [...data.comments];
    this.detections = data.detections;
    this.ruleAssets = data.ruleAssets;
    this.sources = data.sources;
    this.commentCounter = data.comments.length;
  }

  tokenByValue(value: string | undefined): SimToken | undefined {
    return value === undefined ? undefined : this.tokens.find((t) => t.value === value);
  }

  nextCommentId(): string {
    this.commentCounter += 1;
    return `comment-${String(this.commentCounter).padStart(4, "0")}`;
  }

  detection(id: string): SimDetection | undefined {
    return this.detections.find((d) => d.id === id);
  }

  /** An actor as the GraphQL union Actor (User | APIToken), or null if it no longer exists. */
  actorObject(ref: ActorRef | null): Record<string, unknown> | null {
    if (!ref) return null;
    if (ref.kind === "user") {
      const user = this.users.get(ref.id);
      return user ? { __typename: "User", ...user } : null;
    }
    const token = this.tokens.find((t) => t.id === ref.id);
    if (!token) return null;
    return { __typename: "APIToken", id: token.id, name: token.name, createdAt: token.createdAt, permissions: [...token.permissions] };
  }

  /** An actor as the REST API shows it: {id, type}. */
  restActor(ref: ActorRef): { id: string; type: string } {
    return { id: ref.id, type: ref.kind === "user" ? "user" : "token" };
  }
}
