import { formatDuration } from '../../inputs/parse-duration.js';
import { formatLocal } from '../../policy/zone-timeline.js';
import { formatUtc } from '../../time/format-utc.js';
import { codeBlock, details, escapeMarkdown, markdownTable } from '../../summary/markdown.js';
import type { WindowGuardResult } from '../window-guard/run-window-guard.js';
import { describeSignals, describeTarget, type StagePhase, type StagePlan } from './stage-plan.js';

/** How the stage ended, as the `result` output says it. */
export type StageResult = 'promoted' | 'rolled-back' | 'blocked' | 'failed';

/** One phase on the stage's timeline; times are epoch milliseconds. */
export interface PhaseSpan {
  phase: StagePhase;
  startedAt: number;
  finishedAt: number;
  ok: boolean;
  detail: string;
}

const RESULT_ICON: Record<StageResult, string> = {
  promoted: '🟢',
  'rolled-back': '🟠',
  blocked: '⛔',
  failed: '🔴',
};

/** `2026-12-07 09:00:00`: the UTC wall clock, as mermaid's `dateFormat` reads it. */
function mermaidTime(instant: number): string {
  return formatUtc(instant)
    .replace('T', ' ')
    .replace(/(\.\d+)?Z$/, '');
}

/** A task name mermaid cannot misread: no `:` or `#` (they end a task name), no line break. */
function mermaidText(text: string): string {
  return text.replace(/[:#;\r\n]/g, ' ').slice(0, 60);
}

/**
 * The stage's timeline as a mermaid gantt chart. The times are UTC wall clock: mermaid shows
 * them as written, whatever the reader's own zone; the policy zone is named in the title.
 */
export function mermaidTimeline(spans: readonly PhaseSpan[], title: string): string {
  const lines = [
    'gantt',
    `  title ${mermaidText(title)}`,
    '  dateFormat YYYY-MM-DD HH:mm:ss',
    '  axisFormat %H:%M:%S',
    '  section stage',
  ];
  spans.forEach((span, i) => {
    // A phase of less than a second still gets a visible bar.
    const end = Math.max(span.finishedAt, span.startedAt + 1000);
    const tag = span.ok ? 'done' : 'crit';
    lines.push(
      `  ${mermaidText(`${span.phase} ${span.ok ? '' : '(failed)'}`.trim())} :${tag}, p${i}, ${mermaidTime(span.startedAt)}, ${mermaidTime(end)}`,
    );
  });
  return codeBlock('mermaid', lines.join('\n'));
}

/** The timeline for a log: one line per phase, UTC and the policy zone. */
export function timelineLines(spans: readonly PhaseSpan[], zone: string): string[] {
  return [
    `stage timeline (UTC; ${zone}):`,
    ...spans.map(
      (span) =>
        `  ${span.phase.padEnd(12)} ${formatUtc(span.startedAt)} .. ${formatUtc(span.finishedAt)}` +
        ` (${formatLocal(span.startedAt, zone)}) ${span.ok ? 'done' : 'FAILED'} ${formatDuration(Math.max(0, span.finishedAt - span.startedAt)) || '0s'}: ${span.detail}`,
    ),
  ];
}

/** The job summary of a stage run: one timeline, then the details of every phase. */
export function renderStageSummary(run: {
  plan: StagePlan;
  result: StageResult;
  phase: StagePhase;
  reason: string;
  spans: readonly PhaseSpan[];
  previousRevision: string;
  details: readonly { title: string; markdown: string }[];
}): string {
  const { plan } = run;
  const zone = plan.guard.timezone;
  const where = plan.environment || 'the environment';
  return (
    [
      `## hands-off stage: ${RESULT_ICON[run.result]} ${run.result} · ${escapeMarkdown(plan.revision)} → ${escapeMarkdown(where)}`,
      `**${escapeMarkdown(run.reason)}**`,
      mermaidTimeline(run.spans, `${where} · ${plan.revision} · UTC (policy zone ${zone})`),
      markdownTable(
        ['Phase', 'Start (UTC)', `Start (${zone})`, 'Took', 'Result'],
        run.spans.map((span) => [
          span.phase,
          formatUtc(span.startedAt),
          formatLocal(span.startedAt, zone),
          formatDuration(Math.max(0, span.finishedAt - span.startedAt)) || '0s',
          `${span.ok ? '✅' : '❌'} ${span.detail}`,
        ]),
      ),
      markdownTable(
        ['', ''],
        [
          ['Revision', plan.revision],
          ['Previous revision', run.previousRevision || '—'],
          ['Runway', `${formatDuration(plan.runwayMs)} (${plan.runwaySource})`],
        ],
      ),
      ...run.details.map((d) => details(d.title, d.markdown)),
    ].join('\n\n') + '\n'
  );
}

/** What the stage would do, as log lines and a summary: each phase with its target and durations. */
export function renderStagePlan(
  plan: StagePlan,
  window: WindowGuardResult | undefined,
): { lines: string[]; markdown: string } {
  const zone = plan.guard.timezone;
  const windowNow =
    window === undefined
      ? 'not evaluated'
      : window.open
        ? `open now${window.closesAt !== undefined ? ` until ${formatLocal(window.closesAt, zone)}` : ''}, runway fits`
        : `${window.reason}`;
  const alarms = [...plan.guard.alarms.names, ...plan.guard.alarms.prefixes.map((p) => `prefix:${p}`)];
  const rows: [string, string, string][] = [
    [
      'guard',
      `${plan.guard.allow.map((w) => w.text).join('; ') || 'always'} in ${zone}${plan.guard.deny.length ? `; deny ${plan.guard.deny.map((d) => d.text).join('; ')}` : ''}${plan.guard.holidays.length ? `; holidays ${plan.guard.holidays.join(', ')}` : ''}`,
      `runway ${formatDuration(plan.runwayMs)} (${plan.runwaySource}); ${windowNow}${alarms.length ? `; alarms ${alarms.join(', ')}` : ''}${plan.guard.requireReviewed ? '; require-reviewed' : ''}`,
    ],
    [
      'verify',
      plan.oneBox.artifact || plan.revision,
      plan.oneBox.digest ? `sha256:${plan.oneBox.digest}` : 'signature when given or required',
    ],
    ['one-box', describeTarget(plan.oneBox), `timeout ${formatDuration(plan.oneBox.timeoutMs)}`],
    [
      'bake-one-box',
      describeSignals(plan.oneBoxBake),
      `${formatDuration(plan.oneBoxBake.durationMs)} (at most ${formatDuration(plan.oneBoxBake.maxDurationMs)})`,
    ],
    ['fleet', describeTarget(plan.fleet), `timeout ${formatDuration(plan.fleet.timeoutMs)}`],
    [
      'bake-fleet',
      describeSignals(plan.fleetBake),
      `${formatDuration(plan.fleetBake.durationMs)} (at most ${formatDuration(plan.fleetBake.maxDurationMs)})`,
    ],
    ['promote', `${plan.revision} as last good`, ''],
  ];
  const head = `stage (dry-run, nothing changed): ${plan.revision} to ${plan.environment || 'the environment'}`;
  const lines = [
    head,
    ...rows.map(([phase, what, how]) => `  ${phase.padEnd(12)} ${what}${how ? ` · ${how}` : ''}`),
  ];
  const markdown =
    [
      `## hands-off stage: dry-run · ${escapeMarkdown(plan.revision)} → ${escapeMarkdown(plan.environment || 'the environment')}`,
      '**Nothing was changed: no API was called and no command ran.**',
      markdownTable(['Phase', 'What', 'How long / checks'], rows),
    ].join('\n\n') + '\n';
  return { lines, markdown };
}
