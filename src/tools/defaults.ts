/** Toolsets enabled when nothing is configured (PANTHER_TOOLSETS=default): every one that ships. */
export const DEFAULT_TOOLSETS: readonly string[] = ["alerts", "data_lake", "detections", "metrics", "sources", "users"];
