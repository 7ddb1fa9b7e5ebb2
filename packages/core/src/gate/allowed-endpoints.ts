import { InputError } from '../errors.js';

/**
 * The operator's allow-list of signal endpoints (`HANDS_OFF_GATE_ALLOWED_ENDPOINTS`): http(s) URL
 * prefixes without credentials, comma or newline separated; empty allows none.
 */
export function parseAllowedEndpoints(variable: string, text: string): string[] {
  const prefixes = text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
  for (const prefix of prefixes) {
    let url: URL | undefined;
    try {
      url = new URL(prefix);
    } catch {
      url = undefined;
    }
    if (url === undefined || !['http:', 'https:'].includes(url.protocol) || url.username || url.password) {
      throw new InputError(
        variable,
        `\`${prefix}\` is not an http(s) URL prefix without credentials`,
        '`https://prometheus.internal:9090/,https://alertmanager.internal:9093/`',
      );
    }
  }
  return prefixes;
}

/** `url` starts with `prefix`, compared as parsed URLs so `http://a.example.evil` is not under `http://a.example`. */
export function isUnder(url: string, prefix: string): boolean {
  let target: URL;
  let base: URL;
  try {
    target = new URL(url);
    base = new URL(prefix);
  } catch {
    return false;
  }
  if (target.origin !== base.origin || target.username !== '' || target.password !== '') return false;
  const basePath = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  const targetPath = target.pathname.endsWith('/') ? target.pathname : `${target.pathname}/`;
  return targetPath.startsWith(basePath);
}
