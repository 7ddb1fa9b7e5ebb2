import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The header comment of a GitLab component (everything before its `spec:`). */
export function componentHeader(template: string): string {
  return readFileSync(template, 'utf8').split(/^spec:$/m)[0] ?? '';
}

/**
 * The usage example in a component's header comment (its `#   ` lines from `include:` to the first
 * blank pair), uncommented and read as a pipeline.
 */
export function componentHeaderExample<T>(template: string): T {
  const lines = componentHeader(template)
    .split('\n')
    .filter((line) => /^# {3}/.test(line) || line === '#')
    .map((line) => line.slice(4));
  const start = lines.findIndex((line) => line.startsWith('include:'));
  const end = lines.findIndex((line, i) => i > start && line === '' && lines[i + 1] === '');
  return parse(lines.slice(start, end < 0 ? undefined : end).join('\n')) as T;
}
