import { InputError, quoteValue } from '../errors.js';

/** Most approvals anyone asks for; a larger number is a typo, not a policy. */
const MAX_APPROVALS = 100;

/** `min-approvals`: a whole number from 0 to 100 (code-review-checklist verify, window-guard). */
export function parseMinApprovals(raw: string): number {
  const text = raw.trim();
  if (!/^\d{1,3}$/.test(text) || Number(text) > MAX_APPROVALS) {
    throw new InputError(
      'min-approvals',
      `${quoteValue(text)} is not a whole number from 0 to ${MAX_APPROVALS}`,
      '`1`',
    );
  }
  return Number(text);
}

/** `status-context`: a commit status name, 1 to 255 characters on one line. */
export function parseStatusContext(raw: string): string {
  const text = raw.trim();
  if (text === '' || text.length > 255 || /[\r\n]/.test(text)) {
    throw new InputError(
      'status-context',
      `${quoteValue(text)} is not a status name (1 to 255 characters on one line)`,
      '`hands-off/checklist`',
    );
  }
  return text;
}
