// The names of the hand-written tools (src/tools/*.ts, registered in index.ts). The generator reads this
// list, which imports nothing, to check the tools prompts/ name: it cannot import the tools themselves,
// which are built on generated/. test/generator/prompts.test.ts keeps it equal to handWrittenToolsets.
export const HAND_WRITTEN_TOOL_NAMES: readonly string[] = [
  "bulk_update_alerts",
  "disable_detection",
  "get_ai_alert_triage_summary",
  "get_alert_event_stats",
  "get_alert_events",
  "get_bytes_processed_metrics",
  "get_detection",
  "get_log_type_schema_details",
  "get_permissions",
  "get_rule_alert_metrics",
  "get_severity_alert_metrics",
  "list_detections",
  "list_log_sources",
  "list_log_type_schemas",
  "list_scheduled_queries",
  "query_data_lake",
  "start_ai_alert_triage",
  "update_alert_assignee",
  "update_alert_status",
];
