import type { Logger } from '../../packages/core/src/runtime/runtime.js';

/** A logger that keeps every line, prefixed by its level (`info …`, `error …`). */
export interface CapturedLog extends Logger {
  lines: string[];
  /**
   * The gate's decision records among the info lines, parsed and flattened: the verdict and reason
   * on top, the deployment and each rule's finding from `observations` beside them.
   */
  decisions(): Record<string, unknown>[];
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  return {
    lines,
    info: (line) => void lines.push(`info ${line}`),
    warning: (line) => void lines.push(`warning ${line}`),
    error: (line) => void lines.push(`error ${line}`),
    debug: (line) => void lines.push(`debug ${line}`),
    decisions: () =>
      lines
        .filter((line) => line.startsWith('info {"step":"gate"'))
        .map((line) => JSON.parse(line.slice('info '.length)) as Record<string, unknown>)
        .map((record) => ({ ...record, ...(record.observations as Record<string, unknown>) })),
  };
}
