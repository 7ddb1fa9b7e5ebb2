import type { BakeResult } from '../../bake/run-bake.js';
import { formatDuration } from '../../inputs/parse-duration.js';
import { formatUtc } from '../../time/format-utc.js';
import { details, escapeMarkdown, markdownTable } from '../../summary/markdown.js';

const ICON: Record<string, string> = { healthy: '🟢', unhealthy: '🔴', inconclusive: '🟠', baking: '⏳' };
const STATE_ICON: Record<string, string> = {
  OK: '✅ OK',
  BREACH: '🔴 BREACH',
  NO_DATA: '⚪ NO_DATA',
  ERROR: '⚠️ ERROR',
};

/** Renders the job summary of bake-and-watch: verdict, reason, signals, charts of traffic and breaches. */
export function renderBakeSummary(
  result: BakeResult,
  mode: 'enforce' | 'dry-run',
  minTraffic: number | undefined,
): string {
  const { state } = result;
  const elapsed = Math.max(0, state.lastPollAt - state.startedAt);
  const parts = [
    `## bake-and-watch: ${ICON[result.verdict] ?? ''} ${result.verdict}${mode === 'dry-run' && result.verdict !== 'healthy' ? ' (dry-run: not enforced)' : ''}`,
    `**${escapeMarkdown(result.reason)}**`,
    markdownTable(
      ['', ''],
      [
        ['Started', formatUtc(state.startedAt)],
        ['Elapsed', formatDuration(elapsed)],
        ['Polls', String(state.polls)],
        ...(minTraffic !== undefined ? [['Traffic', `${state.traffic ?? 'unknown'} / ${minTraffic}`]] : []),
        ['Mode', mode],
      ],
    ),
  ];
  const tracks = Object.values(state.tracks).sort((a, b) => a.id.localeCompare(b.id));
  if (tracks.length > 0) {
    parts.push(
      '### Signals',
      markdownTable(
        ['Signal', 'Last state', 'Value', 'Threshold', 'Breaching polls', 'Detail'],
        tracks.map((t) => [
          t.id,
          STATE_ICON[t.lastState] ?? t.lastState,
          t.lastValue === undefined ? '—' : String(t.lastValue),
          t.threshold ?? '—',
          String(t.breachPolls),
          t.lastDetail,
        ]),
      ),
    );
  }
  if (tracks.some((t) => /TreatMissingData (notBreaching|ignore)/.test(t.lastDetail))) {
    parts.push(
      '> Some alarms treat missing data as `notBreaching` or `ignore`: they show OK while no data arrives. AWS advises `breaching` for rollback alarms.',
    );
  }
  if (state.breaches.length > 0) {
    parts.push(
      '### Breaches',
      markdownTable(
        ['Time (UTC)', 'Signal', 'Value', 'Detail'],
        state.breaches.map((b) => [
          formatUtc(b.at),
          b.id,
          b.value === undefined ? '—' : String(b.value),
          b.detail,
        ]),
      ),
    );
  }
  if (state.points.length > 1) parts.push('### Over the bake', charts(result));
  return `${parts.join('\n\n')}\n`;
}

/** Mermaid xy-charts: traffic over the bake, and breaching signals per poll (the breaches marked as bars). */
function charts(result: BakeResult): string {
  const { state } = result;
  // Seconds on the axis for short bakes, minutes for long ones.
  const span = (state.points.at(-1)?.at ?? state.startedAt) - state.startedAt;
  const [unit, size] = span < 300_000 ? ['seconds', 1000] : ['minutes', 60_000];
  const ticks = state.points.map((p) => (Math.round(((p.at - state.startedAt) / size) * 10) / 10).toString());
  const out: string[] = [];
  if (state.points.some((p) => p.traffic !== undefined)) {
    out.push(
      [
        '```mermaid',
        'xychart-beta',
        '  title "Traffic since the bake started"',
        `  x-axis "${unit}" [${ticks.join(', ')}]`,
        '  y-axis "requests"',
        `  line [${state.points.map((p) => p.traffic ?? 0).join(', ')}]`,
        '```',
      ].join('\n'),
    );
  }
  out.push(
    [
      '```mermaid',
      'xychart-beta',
      '  title "Breaching signals per poll"',
      `  x-axis "${unit}" [${ticks.join(', ')}]`,
      `  y-axis "signals" 0 --> ${Math.max(1, ...state.points.map((p) => p.breaching))}`,
      `  bar [${state.points.map((p) => p.breaching).join(', ')}]`,
      '```',
    ].join('\n'),
  );
  out.push(...breachingMetricCharts(result));
  return details('Charts', out.join('\n\n')).replace('<details>', '<details open>');
}

/** Charts shown for at most this many breaching signals: the summary stays readable. */
const MAX_BREACH_CHARTS = 3;

/**
 * For each signal that breached, its measured value at every poll of this run as a line, and the
 * breaching polls marked as bars at the line's top, so the moment of the breach stands out.
 */
function breachingMetricCharts(result: BakeResult): string[] {
  const ids = [...new Set(result.state.breaches.map((b) => b.id))].slice(0, MAX_BREACH_CHARTS);
  const polls = result.polls;
  if (polls.length < 2) return [];
  const start = result.state.startedAt;
  const span = (polls.at(-1)?.at ?? start) - start;
  const [unit, size] = span < 300_000 ? ['seconds', 1000] : ['minutes', 60_000];
  const ticks = polls.map((p) => (Math.round(((p.at - start) / size) * 10) / 10).toString());
  return ids.flatMap((id) => {
    const readings = polls.map((poll) => poll.readings.find((r) => r.id === id));
    const values = readings.map((r) => (r?.value !== undefined && Number.isFinite(r.value) ? r.value : 0));
    if (!readings.some((r) => r?.value !== undefined)) return [];
    const top = Math.max(1, ...values);
    const marks = readings.map((r) => (r?.state === 'BREACH' ? top : 0));
    return [
      [
        '```mermaid',
        'xychart-beta',
        `  title "${id.replace(/"/g, "'").slice(0, 80)}: value per poll, breaches as bars"`,
        `  x-axis "${unit}" [${ticks.join(', ')}]`,
        `  y-axis "value" 0 --> ${top}`,
        `  bar [${marks.join(', ')}]`,
        `  line [${values.join(', ')}]`,
        '```',
      ].join('\n'),
    ];
  });
}
