// The seeded detection catalogue, built from seed-detection-defs.ts.
import type { SimDetection, SimUnitTest } from "./model.js";
import { DETECTION_DEFS, type DetectionDef } from "./seed-detection-defs.js";

function bodyOf(d: DetectionDef): string {
  // A simple rule's logic is YAML (`detection`); this is the Python Panther generates from it.
  if (d.kind === "simple-rules") return `# Generated from the YAML detection of ${d.id}\ndef rule(event):\n    return True\n`;
  const arg = d.kind === "policies" ? "resource" : "event";
  const helpers = d.logic.includes("deep_get") ? "from panther_base_helpers import deep_get\n\n\n" : "";
  const title =
    d.kind === "policies" ? "" : `\n\ndef title(event):\n    return f"${d.name}: {event.get('p_source_label', 'unknown source')}"\n`;
  return `${helpers}def ${d.kind === "policies" ? "policy" : "rule"}(${arg}):\n    ${d.logic}\n${title}`;
}

function tests(d: DetectionDef): SimUnitTest[] {
  return d.tests.map(([name, expectedResult, resource]) => ({
    name,
    expectedResult,
    resource: JSON.stringify(resource, null, 2),
    ...(d.mocks?.[name] ? { mocks: d.mocks[name] } : {}),
  }));
}

const DAY = 86_400_000;

export function seedDetections(now: Date): SimDetection[] {
  return DETECTION_DEFS.map((d, i): SimDetection => {
    const created = new Date(now.getTime() - (400 - i * 13) * DAY);
    const modified = new Date(now.getTime() - (45 - i * 2) * DAY);
    const isPolicy = d.kind === "policies";
    return {
      kind: d.kind,
      id: d.id,
      displayName: d.name,
      description: d.description,
      enabled: d.enabled ?? true,
      severity: d.severity,
      ...(isPolicy ? { resourceTypes: d.types } : { logTypes: d.types }),
      ...(d.queries ? { scheduledQueries: d.queries } : {}),
      tags: d.tags,
      runbook: `Check who performed the action and whether it was planned. Escalate to #secops-oncall if the actor cannot confirm it. (${d.id})`,
      reference: `https://wiki.example.com/security/detections/${d.id}`,
      body: bodyOf(d),
      tests: tests(d),
      dedupPeriodMinutes: d.dedup ?? 60,
      threshold: d.threshold ?? 1,
      managed: i % 3 === 0,
      outputIDs: d.severity === "CRITICAL" || d.severity === "HIGH" ? ["out-slack-secops", "out-pagerduty"] : ["out-slack-secops"],
      reports: d.mitre ? { MITRE: d.mitre } : ({} as Record<string, string[]>),
      summaryAttributes: isPolicy ? ["resourceId", "region"] : ["p_any_ip_addresses", "p_source_label"],
      createdAt: created.toISOString(),
      lastModified: modified.toISOString(),
      createdBy: { kind: "user", id: i % 2 === 0 ? "user-001" : "user-002" },
      lastModifiedBy: { kind: "user", id: i % 3 === 0 ? "user-003" : "user-001" },
      ...(d.kind === "simple-rules" ? { detection: d.logic + "\n", ...d.yaml } : {}),
      ...(d.inlineFilters ? { inlineFilters: d.inlineFilters } : {}),
      ...(isPolicy ? { suppressions: d.suppressions ?? [], complianceStatus: d.compliance ?? "PASS" } : {}),
    };
  });
}
