// The runtime surface generated code relies on. It never imports generated/.
export type { ToolAnnotations, ToolDefinition, ToolListing, Toolset, HandlerContext, JsonSchemaObject, UntrustedPlan } from "./tool.js";
export type { PantherTransport, CallOptions, GraphqlRequest, RestRequest, HttpMethod, WithRequired } from "./transport.js";
export type { ToolContext, LogLevel } from "./context.js";
export { runWithContext, contextOf } from "./context.js";
export { relativeTime, isRelativeTime } from "./relative-time.js";
export { projectSelection, shapeResult, restValue, REDACTED } from "./shape.js";
export type { Selection, ShapePlan, FieldShape, JsonType, ProjectionSite } from "./shape.js";
export { restPath } from "./rest-path.js";
export type { PathParam } from "./rest-path.js";
export { dateTime, DATE_TIME_PATTERN } from "./arguments.js";
export type { PromptSpec, PromptArgumentSpec, PromptArgumentType, PromptPart } from "./prompt.js";
export { toolJsonSchema, unlisted } from "./json-schema.js";
