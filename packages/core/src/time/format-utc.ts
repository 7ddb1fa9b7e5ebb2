// Apart from policy/zone-timeline.ts (luxon): the decision record and every summary stamp instants
// in UTC, and a step that never reads a time zone loads no luxon for it.

/** Formats an instant as ISO 8601 UTC without milliseconds (`2026-11-27T10:00:00Z`). */
export function formatUtc(instant: number): string {
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
