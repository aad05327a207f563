/**
 * Fields (and the types only they use) that Panther serves live but its published schema lacks (see
 * ../shared/reference/README.md). Where Panther's schema has no such name it is left out of the
 * comparison instead of reported.
 */
export const LIVE_ADDITIONS: readonly string[] = [
  "Query.aiInferenceStreamsMetadata",
  "Alert.riskScore",
  // The types of aiInferenceStreamsMetadata (schema/ai.graphql).
  "AIInferenceStreamsMetadataInput",
  "AIInferenceStreamsMetadataOutput",
  "AIInferenceStreamsMetadataEdge",
  "AIInferenceStreamMetadata",
];
