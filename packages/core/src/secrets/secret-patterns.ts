/**
 * Credential shapes hands-off recognises in any text, without being told the value: URL userinfo,
 * credential-like query parameters and `key=value` / `key: value` pairs, `Authorization` headers and
 * well-known token formats. One set of regular expressions serves both redaction and the search for
 * values to mask, so what is masked on the runner and what is redacted in the records agree.
 */

/**
 * Last words of a parameter or key name that make its value a credential. A name matches when its
 * last `-`, `_` or `.`-separated word is one of these (`access_token`, `X-Amz-Signature`,
 * `client_secret`, `x-api-key`, `--github-token`), never inside a word (`monkey`, `OAuth`, `signal`).
 */
export const CREDENTIAL_WORDS = [
  'token',
  'secret',
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'auth',
  'authorization',
  'signature',
  'sig',
  'credential',
  'credentials',
  'key',
  'apikey',
  'accesskey',
  'session',
  'jwt',
  'cookie',
] as const;

const WORDS = CREDENTIAL_WORDS.join('|');

/**
 * A credential's name: up to 8 words joined by `-`, `_` or `.` (also `\_`, as Markdown escaping
 * writes it), the last one a credential word, never starting inside a word. The bound keeps a long
 * dashed line linear.
 */
const NAME = String.raw`(?<![A-Za-z0-9])((?:[A-Za-z0-9]+\\?[-_.]){0,8}(?:${WORDS}))`;

/**
 * A credential-like URL parameter (`?token=…`, `&X-Amz-Signature=…`, `#access_token=…`, `&amp;sig=…`):
 * its value runs to the parameter's end (`&`, `#`, a blank, a quote, a backtick, `<`, `>`).
 */
const QUERY_PARAM = new RegExp(String.raw`([?&#;])${NAME}(=)([^&#\s"\x60<>]+)`, 'gi');

/**
 * `name` + separator + value anywhere else. The separator must hold a real `=` or `:` (quotes and
 * blanks around it allowed): `--github-token --mode` is a flag followed by a flag, not a secret. The
 * value stops at a blank, a quote, a backtick, `<`, `>`, `&`, `,` or `;`. An `Authorization` scheme
 * word (`Bearer`) is kept and the credential after it redacted.
 */
const KEY_VALUE = new RegExp(
  NAME +
    String.raw`(["']?[ \t]*[:=][ \t]*["']?)` +
    String.raw`((?:bearer|basic|digest|token)[ \t]+)?` +
    String.raw`([^\s"\x60<>&,;]+)`,
  'gi',
);

/** The userinfo of a URL (`scheme://user:pass@host`, `scheme://token@host`): up to the last `@` before the path. */
const USERINFO = /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^\s/?#"'\x60<>]*)@/g;

/** Token formats that are secrets wherever they stand. */
const TOKEN_FORMATS: readonly RegExp[] = [
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{30,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g, // GitLab personal access tokens
  // A PEM private key, whole or cut short (a quoted value's first characters), its newlines real or
  // written `\n`: the header and all the key material after it.
  /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[A-Za-z0-9+/=\s]|\\n)*(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----)?/g,
];

/**
 * Names that end in a credential word but hold nothing secret: a public key is published on purpose,
 * `require-signature: true` is a switch (masking `true` would hide every `verified=true`), and
 * `build-signature` is a step whose log lines all start `build-signature: `.
 */
const PUBLIC_NAMES = /^(?:.*[-_.])?(?:public[-_.]?key|require[-_.]signature|build[-_.]signature)$/i;

/** Whether a credential-shaped name is one of the public ones above. */
function isPublicName(name: string): boolean {
  return PUBLIC_NAMES.test(name.replace(/\\/g, ''));
}

/** What redaction puts in place of a credential: the same mark as the runner's masking. */
export const REDACTED = '***';

/** Replaces every credential-shaped part of `text` by `***`, keeping names, schemes and hosts. */
export function redactPatterns(text: string): string {
  let out = text.replace(USERINFO, `$1${REDACTED}@`);
  out = out.replace(
    QUERY_PARAM,
    (_match, start: string, name: string, equals: string) => `${start}${name}${equals}${REDACTED}`,
  );
  out = out.replace(
    KEY_VALUE,
    (match: string, name: string, separator: string, scheme: string | undefined) =>
      isPublicName(name) ? match : `${name}${separator}${scheme ?? ''}${REDACTED}`,
  );
  for (const format of TOKEN_FORMATS) out = out.replace(format, REDACTED);
  return out;
}

/**
 * The credential values in `text` as written (not redacted): each URL's userinfo password (or its
 * user name when it has no password: `https://<token>@host`), every credential-like parameter's or
 * key's value, and every well-known token. These are what a runtime masks.
 */
export function findCredentials(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(USERINFO)) {
    const userinfo = match[2] ?? '';
    const colon = userinfo.indexOf(':');
    // `user:pass`: the password; a lone user name is how tokens travel (`https://<token>@host`).
    found.add(colon >= 0 ? userinfo.slice(colon + 1) : userinfo);
  }
  for (const match of text.matchAll(QUERY_PARAM)) found.add(match[4] ?? '');
  for (const match of text.matchAll(KEY_VALUE)) if (!isPublicName(match[1] ?? '')) found.add(match[4] ?? '');
  for (const format of TOKEN_FORMATS) for (const match of text.matchAll(format)) found.add(match[0]);
  found.delete('');
  found.delete(REDACTED);
  return [...found];
}

/**
 * Whether an input holds a secret as a whole (`github-token`, `api-key`, `password`): the same last
 * words as CREDENTIAL_WORDS, so its value is masked even when it has no URL or `key=value` shape.
 */
export function isSecretInputName(name: string): boolean {
  if (isPublicName(name)) return false;
  const last =
    name
      .toLowerCase()
      .split(/[-_.\s]+/)
      .at(-1) ?? '';
  return (CREDENTIAL_WORDS as readonly string[]).includes(last);
}
