import { DateTime } from 'luxon';
import type { Interval } from '../../policy/interval-set.js';
import { formatLocal } from '../../policy/zone-timeline.js';
import { formatUtc } from '../../time/format-utc.js';
import { details, escapeMarkdown, markdownTable } from '../../summary/markdown.js';
import type { WindowGuardResult } from './run-window-guard.js';

/** Renders the job summary of window-guard: verdict, reason, blockers, alarms and the week ahead. */
export function renderWindowGuardSummary(result: WindowGuardResult, mode: 'enforce' | 'dry-run'): string {
  const zone = result.timezone;
  const verdict = result.overridden
    ? '🟠 open by emergency override'
    : result.open
      ? '🟢 open'
      : mode === 'dry-run'
        ? '🔴 closed (dry-run: not enforced)'
        : '🔴 closed';
  const when = (instant: number | undefined): string =>
    instant === undefined ? '—' : `${formatLocal(instant, zone)} · ${formatUtc(instant)}`;
  const parts: string[] = [
    `## window-guard: ${verdict}`,
    `**${escapeMarkdown(result.reason)}**`,
    markdownTable(
      ['', ''],
      [
        ['Evaluated at', when(result.evaluatedAt)],
        ['Next open by the windows', when(result.nextOpen)],
        ['Closes at', when(result.closesAt)],
        ['Mode', mode],
        ...(result.waitedMs > 0 ? [['Waited', `${Math.round(result.waitedMs / 1000)} s`]] : []),
      ],
    ),
  ];
  if (result.override) {
    parts.push(
      '### Emergency override',
      markdownTable(
        ['Actor', 'Reason', 'Time', 'Accepted'],
        [
          [
            result.override.actor,
            result.override.reason,
            result.override.at,
            result.override.accepted ? 'yes' : 'no',
          ],
        ],
      ),
    );
  }
  if (result.blockers.length > 0) {
    parts.push(
      '### Blockers',
      markdownTable(
        ['Kind', 'Detail'],
        result.blockers.map((b) => [b.kind, b.detail]),
      ),
    );
  }
  if (result.alarms && result.alarms.alarms.length > 0) {
    parts.push(
      '### Alarms',
      markdownTable(
        ['Alarm', 'Type', 'State', 'State since', 'Missing data'],
        result.alarms.alarms.map((a) => [
          a.name,
          a.type,
          a.state,
          a.stateUpdatedAt,
          a.treatMissingData || '—',
        ]),
      ),
    );
    if (
      result.alarms.alarms.some(
        (a) => a.treatMissingData === 'notBreaching' || a.treatMissingData === 'ignore',
      )
    ) {
      parts.push(
        '> Some alarms treat missing data as `notBreaching` or `ignore`: they show OK while no data arrives.',
      );
    }
  }
  parts.push(`### The coming week (${escapeMarkdown(zone)})`, ganttChart(result.windows.weekAhead, zone));
  if (zone !== 'UTC') parts.push('### The coming week (UTC)', ganttChart(result.windows.weekAhead, 'UTC'));
  parts.push(
    details(
      'Open periods, next 7 days',
      result.windows.weekAhead.length === 0
        ? 'No open period in the next 7 days.'
        : markdownTable(
            [`From (${zone})`, `To (${zone})`, 'From (UTC)', 'To (UTC)'],
            result.windows.weekAhead.map((p) => [
              formatLocal(p.start, zone),
              formatLocal(p.end, zone),
              formatUtc(p.start),
              formatUtc(p.end),
            ]),
          ),
    ),
  );
  return `${parts.join('\n\n')}\n`;
}

/** A mermaid gantt of open periods; wall-clock times of `zone`, since mermaid itself has no zones. */
function ganttChart(periods: readonly Interval[], zone: string): string {
  const stamp = (instant: number): string =>
    DateTime.fromMillis(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');
  const lines = [
    '```mermaid',
    'gantt',
    `  title Open periods in ${zone}`,
    '  dateFormat YYYY-MM-DD HH:mm',
    '  axisFormat %a %d %H:%M',
    '  section Open',
  ];
  if (periods.length === 0) lines.push('  %% no open period in the next 7 days');
  for (const period of periods) {
    const hours = Math.round(((period.end - period.start) / 3_600_000) * 10) / 10;
    const day = DateTime.fromMillis(period.start, { zone }).toFormat('ccc');
    lines.push(`  ${day} ${hours}h : ${stamp(period.start)}, ${stamp(period.end)}`);
  }
  lines.push('```');
  return lines.join('\n');
}
