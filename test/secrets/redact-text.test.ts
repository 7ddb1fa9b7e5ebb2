import { afterEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { HandsOffError, redactSecrets } from '../../packages/core/src/errors.js';
import {
  CREDENTIAL_WORDS,
  findCredentials,
  forgetSecrets,
  knownSecrets,
  redactDeep,
  redactText,
  registerSecret,
  secretsInInput,
} from '../../packages/core/src/secrets/redact.js';
import { escapeMarkdown } from '../../packages/core/src/summary/markdown.js';
import { parseCliArguments } from '../../packages/runtime-cli/src/cli-arguments.js';

afterEach(() => forgetSecrets());

/** Query parameter names that carry credentials, as services spell them. */
const CREDENTIAL_PARAMS = [
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'private_token',
  'api_key',
  'apikey',
  'api-key',
  'x-api-key',
  'key',
  'secret',
  'client_secret',
  'password',
  'passwd',
  'pwd',
  'auth',
  'auth_token',
  'signature',
  'Signature',
  'sig',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
  'X-Goog-Signature',
  'session',
];

const SAFE_WORDS = [
  'q',
  'page',
  'limit',
  'env',
  'region',
  'monkey',
  'signal',
  'author',
  'keyboard',
  'tokens2',
];
const safeName = fc.oneof(
  fc.constantFrom(...SAFE_WORDS),
  fc
    .stringMatching(/^[a-z]{1,8}$/)
    .filter((w) => !(CREDENTIAL_WORDS as readonly string[]).includes(w) && w !== 'amp'),
);
const safeValue = fc.stringMatching(/^[A-Za-z0-9._~%-]{0,12}$/);
const host = fc.constantFrom('api.example.com', 'health.shop.internal', '127.0.0.1:8080', 'a.example');
const path = fc
  .array(fc.stringMatching(/^[A-Za-z0-9._~-]{1,8}$/), { maxLength: 3 })
  .map((s) => `/${s.join('/')}`);
const safeParams = fc.array(fc.tuple(safeName, safeValue), { maxLength: 3 });
/** A credential as generated tokens and signatures look: URL-safe, never shorter than 10 characters. */
const credential = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9]{2}$/), fc.stringMatching(/^[A-Za-z0-9._~+/=-]{8,30}$/))
  .map(([a, b]) => `${a}${b}`);

const query = (params: readonly (readonly [string, string])[]): string =>
  params.length === 0 ? '' : `?${params.map(([k, v]) => `${k}=${v}`).join('&')}`;

/** A credential as userinfo holds it: `/`, `+` and `=` percent-encoded, as a valid URL must. */
const userinfo = (secret: string): string => secret.replace(/[/+=]/g, (c) => encodeURIComponent(c));

/** A URL with one credential planted in one of the forms a probe URL can carry. */
const urlWithCredential = fc
  .record({
    scheme: fc.constantFrom('http', 'https'),
    host,
    path,
    before: safeParams,
    after: safeParams,
    name: fc.constantFrom(...CREDENTIAL_PARAMS).chain((n) => fc.mixedCase(fc.constant(n))),
    secret: credential,
    form: fc.constantFrom('query', 'userinfo', 'token-userinfo', 'fragment'),
  })
  .map(({ scheme, host, path, before, after, name, secret, form }) => {
    const base = `${scheme}://`;
    const url =
      form === 'userinfo'
        ? `${base}deployer:${userinfo(secret)}@${host}${path}${query(before)}`
        : form === 'token-userinfo'
          ? `${base}${userinfo(secret)}@${host}${path}${query(before)}`
          : form === 'fragment'
            ? `${base}${host}${path}${query(before)}#${name}=${secret}`
            : `${base}${host}${path}${query([...before, [name, secret], ...after])}`;
    return { url, secret: form.endsWith('userinfo') ? userinfo(secret) : secret };
  });

const contexts: Record<string, (url: string) => string> = {
  bare: (url) => url,
  sentence: (url) => `probe:GET ${url} answered HTTP 503, expected 200 (in 12ms)`,
  'code span': (url) => `| \`${url}\` | BREACH |`,
  'Markdown-escaped': (url) => escapeMarkdown(`probe:GET ${url}`),
  JSON: (url) => JSON.stringify({ id: `probe:GET ${url}` }),
  'HTML-escaped': (url) => url.replace(/&/g, '&amp;'),
};

describe('redactText over URLs', () => {
  it.each(Object.keys(contexts))(
    'never lets a credential in a URL survive (query, fragment, userinfo), %s',
    (context) => {
      const show = contexts[context] as (url: string) => string;
      fc.assert(
        fc.property(urlWithCredential, ({ url, secret }) => {
          const out = redactText(show(url), []);
          expect(out).not.toContain(secret);
          expect(out).not.toContain(escapeMarkdown(secret));
          expect(out).toContain('***');
        }),
        { numRuns: 300 },
      );
    },
  );

  it('leaves a URL without credentials unchanged, alone or in a sentence', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'https'),
        host,
        path,
        safeParams,
        fc.option(safeName, { nil: undefined }),
        (scheme, h, p, params, fragment) => {
          const url = `${scheme}://${h}${p}${query(params)}${fragment === undefined ? '' : `#${fragment}`}`;
          expect(redactText(url, [])).toBe(url);
          const line = `probe:GET ${url} 200 <800ms`;
          expect(redactText(line, [])).toBe(line);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps the scheme, host, path and the credential parameter names', () => {
    expect(
      redactText(
        'https://u:pw1234@s3.example.com/b/k?X-Amz-Credential=AKIAX%2F2026&X-Amz-Signature=ab12cd&part=2#x',
        [],
      ),
    ).toBe('https://***@s3.example.com/b/k?X-Amz-Credential=***&X-Amz-Signature=***&part=2#x');
  });
});

describe('redactText over key=value text', () => {
  it.each([
    ['password=hunter2 done', 'password=*** done'],
    ['export DB_PASSWORD="hunter2"', 'export DB_PASSWORD="***"'],
    ['{"client_secret":"abc123","ok":true}', '{"client_secret":"***","ok":true}'],
    ['token: abc123', 'token: ***'],
    ['Authorization: Bearer eyJhbGciOi.x.y', 'Authorization: Bearer ***'],
    ['--github-token=ghx_abc123', '--github-token=***'],
    ['aws_secret_access_key = wJalrXUtnFEMI', 'aws_secret_access_key = ***'],
    ['key AKIAIOSFODNN7EXAMPLE used', 'key *** used'],
  ])('redacts %j', (text, expected) => {
    expect(redactText(text, [])).toBe(expected);
  });

  it.each([
    'options: --config --github-token --mode --state-file',
    '--github-token --mode',
    'the token expired',
    'github-token is ignored on gitlab: the job environment is the record',
    'signal: probe:GET https://a.example/ 200',
    'monkey=banana author=ada',
  ])('leaves %j alone: a name without a value, or a word that only contains a credential word', (text) => {
    expect(redactText(text, [])).toBe(text);
  });

  it('redactSecrets keeps a flag name after a token flag in an unknown-option error (issue 8, defect 4)', () => {
    let error: unknown;
    try {
      parseCliArguments(['--revison', 'v2'], ['github-token', 'mode']);
    } catch (caught) {
      error = caught;
    }
    // An input error (the CLI's flag errors are their own type, with the same code).
    expect(error).toBeInstanceOf(HandsOffError);
    expect((error as HandsOffError).code).toBe('INPUT');
    expect((error as Error).message).toContain('options: --github-token --mode --output-dir --output-prefix');
    expect((error as Error).message).not.toContain('***');
    expect(redactSecrets('options: --github-token --mode')).toBe('options: --github-token --mode');
  });

  it('stays linear on a long line of dashed words and on a long word', () => {
    const dashed = 'ab-'.repeat(200_000);
    const word = 'a'.repeat(600_000);
    const started = performance.now();
    expect(redactText(dashed, [])).toBe(dashed);
    expect(redactText(word, [])).toBe(word);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('PEM private keys (hardening: a CLI error once quoted the first characters of `--key`)', () => {
  const BODY = 'MC4CAQAwBQYDK2VwBCIEIGuWwgv0Fv1XyZ7k4Q9pL2mN8rT3sV6wY1zA5bC0dE';
  const KINDS = ['PRIVATE KEY', 'EC PRIVATE KEY', 'RSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'];

  it('hides the key material of a PEM private key, whole, cut short, or with its newlines written \\n', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.constantFrom('\n', '\\n', '\r\n'),
        fc.integer({ min: 1, max: BODY.length }),
        fc.boolean(),
        (kind, newline, cut, whole) => {
          const pem = whole
            ? `-----BEGIN ${kind}-----${newline}${BODY}${newline}-----END ${kind}-----`
            : `-----BEGIN ${kind}-----${newline}${BODY.slice(0, cut)}`;
          const text = `error: input \`key\`: \`${pem}…\` (118 chars) is not valid`;
          const out = redactText(text);
          expect(out).not.toContain(BODY.slice(0, Math.min(cut, 8)));
          expect(out.startsWith('error: input `key`: `***')).toBe(true);
          expect(out.endsWith('(118 chars) is not valid')).toBe(true);
        },
      ),
    );
  });

  it('leaves a public key and a certificate alone', () => {
    const text = `-----BEGIN PUBLIC KEY-----\n${BODY}\n-----END PUBLIC KEY-----`;
    expect(redactText(text)).toBe(text);
  });
});

describe('masked values (the process-wide registry)', () => {
  it('hides a registered value as given, URL-encoded, URL-decoded and Markdown-escaped', () => {
    registerSecret('s3cr*t_v@lue/1');
    const text = [
      's3cr*t_v@lue/1',
      encodeURIComponent('s3cr*t_v@lue/1'),
      escapeMarkdown('s3cr*t_v@lue/1'),
    ].join(' ');
    expect(redactText(text)).toBe('*** *** ***');
    registerSecret('pa%2Fss%2Fword');
    expect(redactText('pa/ss/word')).toBe('***');
  });

  it('never registers a value shorter than 4 characters (it would garble every record)', () => {
    registerSecret('abc');
    expect(knownSecrets()).toEqual([]);
    expect(redactText('abc abcd')).toBe('abc abcd');
  });

  it('hides the longer of two overlapping secrets whole', () => {
    registerSecret('abcd');
    registerSecret('abcdefgh');
    expect(redactText('xabcdefghx')).toBe('x***x');
  });

  it('redactDeep redacts keys and values of nested records and keeps other values', () => {
    registerSecret('hunter22');
    const record = {
      tracks: { 'probe:GET https://a.example/?token=t0k3n99': { state: 'OK', n: 3 } },
      lines: ['login with hunter22', null, true],
    };
    expect(redactDeep(record)).toEqual({
      tracks: { 'probe:GET https://a.example/?token=***': { state: 'OK', n: 3 } },
      lines: ['login with ***', null, true],
    });
  });
});

describe('secretsInInput and findCredentials', () => {
  it('takes a secret input (github-token, api-key) whole', () => {
    expect(secretsInInput('github-token', ' ghs_abcdef ')).toEqual(['ghs_abcdef']);
    expect(secretsInInput('api-key', 'k-123456')).toEqual(['k-123456']);
  });

  it('finds each credential written in a probes input, and nothing in a clean one', () => {
    const probes = [
      'GET https://a.example/health?api_key=AK123456&x=1 200',
      'GET https://ci:pw-98765@b.example/ 200',
      'GET https://c.example/obj?X-Amz-Signature=f00dbabe 200 <1s',
    ].join('\n');
    expect(secretsInInput('probes', probes).sort()).toEqual(['AK123456', 'f00dbabe', 'pw-98765']);
    expect(secretsInInput('probes', 'GET https://a.example/health?page=2 200')).toEqual([]);
    expect(findCredentials('https://ghp_tok3n@github.com/o/r')).toEqual(['ghp_tok3n']);
  });
});
