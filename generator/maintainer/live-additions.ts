/**
 * Fields Panther serves live that its published schema lacks (see ../shared/reference/README.md).
 * Where Panther's schema has no such field it is left out of the comparison instead of reported.
 */
export const LIVE_ADDITIONS: readonly string[] = ["Query.aiInferenceStreamsMetadata", "Alert.riskScore"];
