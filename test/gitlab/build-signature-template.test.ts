import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SIGNATURE_INPUTS, SIGNATURE_OUTPUTS } from '@hands-off/core';
import { dotenvKey, envName } from '@hands-off/runtime-cli';
import { parse, stringify } from 'yaml';
import {
  commitAsGitLabProject,
  gitlabCiLocalEntry,
  requireGitlabCiLocal,
  spawnCollect,
} from '../support/gitlab-pipeline.js';
import { NODE24, ROOT } from '../support/run-action.js';
import { componentHeader, componentHeaderExample } from '../support/gitlab-component.js';
import { readYamlDocuments, thirdPartySchema } from '../support/third-party-schemas.js';

const TEMPLATE = join(ROOT, 'templates/build-signature.yml');
const STEP_INPUTS = ['config', 'environment', ...SIGNATURE_INPUTS.map((spec) => spec.name)];
const COMPONENT_INPUTS = ['stage', 'job-name', 'image', 'command', 'output-prefix', ...STEP_INPUTS];
/** Inputs of the component that configure the CLI rather than the step. */
const CLI_INPUTS = ['output-prefix'];
const JOB_KEY = '$[[ inputs.job-name ]]';

interface SpecInput {
  default?: unknown;
  options?: unknown[];
  type?: string;
  regex?: string;
  description?: string;
}
interface SpecDocument {
  spec: { inputs: Record<string, SpecInput> };
}
interface Job {
  stage: string;
  image: string;
  variables: Record<string, string>;
  script: string[];
  artifacts: { expose_as: string; paths: string[]; reports: { dotenv: string }; when: string };
}
type JobDocument = Record<string, Job>;
interface Pipeline {
  include?: { component?: string; inputs?: Record<string, unknown> }[];
  [job: string]: unknown;
}

function readTemplate(): { spec: SpecDocument; body: JobDocument; job: Job } {
  const documents = readYamlDocuments(TEMPLATE);
  expect(documents).toHaveLength(2);
  const body = documents[1] as JobDocument;
  return { spec: documents[0] as SpecDocument, body, job: body[JOB_KEY] as Job };
}

const header = (): string => componentHeader(TEMPLATE);

const headerExample = (): Pipeline => componentHeaderExample(TEMPLATE);

/** A spec input's `regex` as JavaScript reads it (GitLab's RE2 and JS agree on this subset). */
function inputRegex(name: string): RegExp {
  const { spec } = readTemplate();
  const source = spec.spec.inputs[name]?.regex;
  expect(source).toBeDefined();
  return new RegExp(source as string);
}

/** A throwaway signing key, as a masked variable holds it: the PEM base64-encoded on one line. */
function signingKey() {
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const bodyLines = pem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
  const der = pair.privateKey.export({ type: 'pkcs8', format: 'der' });
  const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const keyid = createHash('sha256')
    .update(pair.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
  const masked = Buffer.from(pem).toString('base64');
  return { pem, publicPem, keyid, masked, forms: [pem.trim(), masked, der.toString('base64'), ...bodyLines] };
}

describe('templates/build-signature.yml (GitLab CI/CD component)', () => {
  const gitlabCi = thirdPartySchema('gitlab-ci.schema.json');

  it('has a spec header and a job body that both validate against the GitLab CI schema', () => {
    const { spec, body } = readTemplate();
    expect(Object.keys(spec)).toEqual(['spec']);
    expect(gitlabCi(spec)).toEqual([]);
    expect(gitlabCi(body)).toEqual([]);
  });

  it('is checked by a schema that refuses a broken header or job (the validation above can fail)', () => {
    const { spec, job } = readTemplate();
    expect(
      gitlabCi({ spec: { inputs: { ...spec.spec.inputs, mode: { default: '', options: 'sign' } } } }),
    ).not.toEqual([]);
    expect(gitlabCi({ sign: { ...job, artifacts: { ...job.artifacts, when: 'sometimes' } } })).not.toEqual(
      [],
    );
  });

  it('declares every input of the step (SIGNATURE_INPUTS, config, environment), plus stage, job-name, image, command and output-prefix', () => {
    const { spec } = readTemplate();
    expect(Object.keys(spec.spec.inputs)).toEqual(COMPONENT_INPUTS);
  });

  it('declares every input of actions/build-signature/action.yml under the same name', () => {
    const action = parse(readFileSync(join(ROOT, 'actions/build-signature/action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
    };
    const { spec } = readTemplate();
    expect(Object.keys(action.inputs).filter((name) => !(name in spec.spec.inputs))).toEqual([]);
    expect(Object.keys(action.outputs)).toEqual([...SIGNATURE_OUTPUTS]);
  });

  it("defaults every step input to '' (the config file, then the step, supply the defaults), output-dir to the step's own", () => {
    const { spec } = readTemplate();
    for (const name of STEP_INPUTS.filter((input) => input !== 'output-dir')) {
      expect({ name, default: spec.spec.inputs[name]?.default }).toEqual({ name, default: '' });
      expect(spec.spec.inputs[name]?.type ?? 'string').toBe('string');
    }
    // Never empty: it is also the CLI's report directory, which the job moves to hands-off/.
    const outputDir = SIGNATURE_INPUTS.find((input) => input.name === 'output-dir');
    expect(spec.spec.inputs['output-dir']?.default).toBe(outputDir?.default);
    expect(outputDir?.fromConfig).toBe(false);
    expect(spec.spec.inputs['output-prefix']?.default).toBe('BUILD_SIGNATURE');
    expect(spec.spec.inputs['job-name']?.default).toBe('build-signature');
  });

  it('restricts `mode` to its values (or empty) so GitLab rejects a typo when the pipeline is created', () => {
    const { spec } = readTemplate();
    expect(spec.spec.inputs.mode?.options).toEqual(['', 'sign', 'verify']);
  });

  it('takes `key` only as a CI/CD variable reference: a key pasted into the pipeline is refused when it is created', () => {
    const key = inputRegex('key');
    for (const given of ['', '$RELEASE_SIGNING_KEY', '${RELEASE_SIGNING_KEY}', '$K']) {
      expect({ given, accepted: key.test(given) }).toEqual({ given, accepted: true });
    }
    for (const given of [
      signingKey().pem,
      signingKey().masked,
      '-----BEGIN PRIVATE KEY-----',
      'RELEASE_SIGNING_KEY',
      '$RELEASE SIGNING',
      '$1',
      '$A\n$B',
      '$A$B',
    ]) {
      expect({ given, accepted: key.test(given) }).toEqual({ given, accepted: false });
    }
    expect(readTemplate().spec.spec.inputs.key?.description).toMatch(/masked CI\/CD variable/);
  });

  it('takes `output-dir` as a plain relative path, never empty, so its artifact path and the report move hold', () => {
    const outputDir = inputRegex('output-dir');
    for (const given of ['.hands-off/signature', 'signed', 'dist/signature', '_out', 'a-b/c.d']) {
      expect({ given, accepted: outputDir.test(given) }).toEqual({ given, accepted: true });
    }
    for (const given of ['', './signed', '/tmp/x', '$CI_PROJECT_DIR/x', 'a b', '..', '../x', '*']) {
      expect({ given, accepted: outputDir.test(given) }).toEqual({ given, accepted: false });
    }
  });

  it('passes each step input to the CLI as its HANDS_OFF_<INPUT> variable, and nothing else', () => {
    const { job } = readTemplate();
    const expected = Object.fromEntries(
      [...CLI_INPUTS, ...STEP_INPUTS].map((name) => [envName(name), `$[[ inputs.${name} ]]`]),
    );
    expect(job.variables).toEqual(expected);
    expect(job.script).toContain('status=0; $[[ inputs.command ]] build-signature || status=$?');
    expect(job.stage).toBe('$[[ inputs.stage ]]');
    expect(job.image).toBe('$[[ inputs.image ]]');
  });

  it('never prints the key: no trace, no echo of it; it only goes from the variable to base64 -d', () => {
    const script = readTemplate().job.script.join('\n');
    expect(script).not.toMatch(/set -[a-z]*x|set -o xtrace/);
    const mentions = script.split('\n').filter((line) => line.includes('HANDS_OFF_KEY'));
    expect(mentions).toEqual([
      'case "$HANDS_OFF_KEY" in',
      `  *) HANDS_OFF_KEY="$(printf '%s' "$HANDS_OFF_KEY" | base64 -d 2>/dev/null)" || {`,
    ]);
  });

  it('interpolates only declared inputs (GitLab fails on an unknown key) and uses every one it declares', () => {
    const text = readFileSync(TEMPLATE, 'utf8').split(/^---$/m)[1] ?? '';
    const used = new Set([...text.matchAll(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual([...COMPONENT_INPUTS].sort());
  });

  it('keeps the signature files (output-dir), the summary, the decision log and the dotenv report as artifacts, even when the job fails', () => {
    const { job } = readTemplate();
    expect(job.artifacts.reports.dotenv).toBe('hands-off/build-signature.env');
    expect(job.artifacts.paths).toEqual(['$[[ inputs.output-dir ]]/', 'hands-off/']);
    expect(job.artifacts.when).toBe('always');
    expect(job.artifacts.expose_as).toMatch(/^\w[-\w ]*$/);
    // With the default output-dir, the exposed paths are literal: no variable, glob or `./`.
    for (const path of job.artifacts.paths.map((p) =>
      p.replace('$[[ inputs.output-dir ]]', '.hands-off/signature'),
    )) {
      expect(path).not.toMatch(/[*$]|^\.\//);
      expect(path.endsWith('/')).toBe(true);
    }
  });

  it('shows a usage example in its header (sign, then verify in a later stage) that is a valid pipeline passing only declared inputs', () => {
    const { spec } = readTemplate();
    const example = headerExample();
    expect(gitlabCi(example)).toEqual([]);
    const includes = example.include ?? [];
    expect(includes).toHaveLength(2);
    const given = includes.flatMap((entry) => Object.keys(entry.inputs ?? {}));
    expect(given.filter((name) => !(name in spec.spec.inputs))).toEqual([]);
    expect(includes[0]?.inputs).toMatchObject({ 'job-name': 'sign', key: '$RELEASE_SIGNING_KEY' });
    expect(includes[1]?.inputs).toMatchObject({ 'job-name': 'verify-release', mode: 'verify' });
    // GitLab refuses a number or a boolean for a string input when the pipeline is created.
    const values = includes.flatMap((entry) => Object.values(entry.inputs ?? {}));
    expect(values.filter((value) => typeof value !== 'string')).toEqual([]);
    expect(example['verify-release']).toMatchObject({ needs: ['sign'] });
    expect(inputRegex('key').test(String(includes[0]?.inputs?.key))).toBe(true);
  });

  it('says in its header how the key is kept masked and how the dotenv report reaches artifacts:reports:dotenv', () => {
    const text = header();
    expect(text).toMatch(/key: \$RELEASE_SIGNING_KEY/);
    expect(text).toMatch(/masked/);
    expect(text).toMatch(/base64 -w0 release\.pem/);
    expect(text).toMatch(/CI_DEBUG_TRACE/);
    expect(text).toMatch(/`artifacts:reports:dotenv` reads hands-off\/build-signature\.env/);
    for (const output of SIGNATURE_OUTPUTS) expect(text).toContain(dotenvKey('BUILD_SIGNATURE', output));
  });
});

/** The script of the job as a shell file, with `command` given, run by `sh` (dash, busybox: POSIX). */
function scriptFile(dir: string, command: string): string {
  const { job } = readTemplate();
  const path = join(dir, 'job.sh');
  writeFileSync(path, `${job.script.join('\n').replace('$[[ inputs.command ]]', command)}\n`);
  return path;
}

describe('the job script under a POSIX sh (node:24-slim has dash; GitLab runs it with bash or sh)', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A stand-in CLI: records the key it was given, writes a report into the output dir, exits `code`. */
  function run(code: number, env: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), 'hands-off-sign-script-'));
    made.push(dir);
    const cli = join(dir, 'cli.sh');
    writeFileSync(
      cli,
      [
        'set -e',
        'printf "%s" "$HANDS_OFF_KEY" > given-key',
        'mkdir -p "$HANDS_OFF_OUTPUT_DIR"',
        'echo "BUILD_SIGNATURE_VERIFIED=$1" > "$HANDS_OFF_OUTPUT_DIR/build-signature.env"',
        'echo "## summary" > "$HANDS_OFF_OUTPUT_DIR/build-signature-summary.md"',
        'echo "{\\"exitCode\\":$2}" >> "$HANDS_OFF_OUTPUT_DIR/decision-log.jsonl"',
        'echo SIGNED > "$HANDS_OFF_OUTPUT_DIR/SHA256SUMS"',
        'exit "$2"',
        '',
      ].join('\n'),
    );
    mkdirSync(join(dir, 'hands-off'));
    writeFileSync(join(dir, 'hands-off/decision-log.jsonl'), '{"exitCode":"earlier job"}\n');
    const result = spawnSync('sh', ['-e', scriptFile(dir, `sh ${cli} ${code === 0} ${code}`)], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HANDS_OFF_OUTPUT_DIR: '.hands-off/signature', ...env },
      encoding: 'utf8',
    });
    const read = (file: string): string | undefined =>
      existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined;
    return { status: result.status, output: `${result.stdout}${result.stderr}`, read };
  }

  it.each([0, 1, 2])(
    'exit %i: the report goes to hands-off/, the decision log is appended, output-dir keeps only the signature, the code is kept',
    (code) => {
      const key = signingKey();
      const result = run(code, { HANDS_OFF_KEY: key.masked });
      expect(result.status).toBe(code);
      expect(result.read('given-key')).toBe(key.pem.trimEnd());
      expect(result.read('hands-off/build-signature.env')).toBe(`BUILD_SIGNATURE_VERIFIED=${code === 0}\n`);
      expect(result.read('hands-off/build-signature-summary.md')).toBe('## summary\n');
      expect(result.read('hands-off/decision-log.jsonl')).toBe(
        `{"exitCode":"earlier job"}\n{"exitCode":${code}}\n`,
      );
      expect(result.read('.hands-off/signature/SHA256SUMS')).toBe('SIGNED\n');
      for (const file of ['build-signature.env', 'build-signature-summary.md', 'decision-log.jsonl']) {
        expect(result.read(`.hands-off/signature/${file}`)).toBeUndefined();
      }
      for (const form of key.forms) expect(result.output).not.toContain(form);
    },
  );

  it('a PEM given as is reaches the step unchanged; no key gives an empty one; a key that is not base64 stops with exit 1 and says which input', () => {
    const key = signingKey();
    expect(run(0, { HANDS_OFF_KEY: key.pem }).read('given-key')).toBe(key.pem);
    expect(run(0, { HANDS_OFF_KEY: '' }).read('given-key')).toBe('');
    const bad = run(0, { HANDS_OFF_KEY: 'not base64 at all!' });
    expect(bad.status).toBe(1);
    expect(bad.output).toMatch(
      /^error: build-signature: input `key` is not a base64-encoded PEM private key$/m,
    );
    expect(bad.output).not.toContain('not base64 at all!');
    expect(bad.read('given-key')).toBeUndefined();
  });

  it('output-dir set to hands-off itself: nothing is moved onto itself, the report stays', () => {
    const result = run(0, { HANDS_OFF_OUTPUT_DIR: 'hands-off' });
    expect(result.status).toBe(0);
    expect(result.read('hands-off/build-signature.env')).toBe('BUILD_SIGNATURE_VERIFIED=true\n');
    expect(result.read('hands-off/decision-log.jsonl')).toBe('{"exitCode":"earlier job"}\n{"exitCode":0}\n');
  });
});

/** A GitLab project that includes the component twice, sign then verify, from a copy of this checkout. */
function signingProject(key: ReturnType<typeof signingKey>, verifyOverrides: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hands-off-gitlab-sign-'));
  cpSync(join(ROOT, 'templates'), join(dir, 'templates'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  mkdirSync(join(dir, 'keys'));
  // The trusted public key is committed with the project; the private key is only a variable.
  writeFileSync(join(dir, 'keys/release.pub.pem'), key.publicPem);
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    join(dir, '.gitignore'),
    '.gitlab-ci-local/\nhands-off/\n.hands-off/\nbuild/\nreceived.env\n',
  );
  const component = '$CI_SERVER_FQDN/$CI_PROJECT_PATH/build-signature@$CI_COMMIT_SHA';
  const command = `${NODE24} dist/cli/index.js`;
  const pipeline: Record<string, unknown> = {
    stages: ['build', 'sign', 'verify', 'deploy'],
    include: [
      {
        component,
        inputs: {
          command,
          stage: 'sign',
          'job-name': 'sign',
          'subject-path': 'build/app',
          archive: 'true',
          key: '$RELEASE_SIGNING_KEY',
        },
      },
      {
        component,
        inputs: {
          command,
          stage: 'verify',
          'job-name': 'verify',
          'output-prefix': 'VERIFY',
          mode: 'verify',
          bundle: '.hands-off/signature/app.tar.gz.sigstore.json',
          'public-key': 'keys/release.pub.pem',
          'expect-repository': '$CI_PROJECT_PATH',
          'expect-ref': 'refs/heads/main',
          'expect-commit': '$CI_COMMIT_SHA',
        },
      },
    ],
    build: {
      stage: 'build',
      script: [
        'mkdir -p build/app',
        'echo "console.log(1)" > build/app/index.js',
        'echo "<svg/>" > build/app/logo.svg',
      ],
      artifacts: { paths: ['build/'] },
    },
    sign: { needs: ['build'] },
    verify: { needs: ['sign'], ...verifyOverrides },
    deploy: {
      stage: 'deploy',
      needs: ['sign', 'verify'],
      script: ["env | grep -E '^(BUILD_SIGNATURE|VERIFY)_' | sort > received.env"],
    },
  };
  writeFileSync(
    join(dir, '.gitlab-ci.yml'),
    stringify(pipeline, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }),
  );
  commitAsGitLabProject(dir, 'shop');
  return dir;
}

/** Runs the project's pipeline under gitlab-ci-local (shell executor), the key in a CI/CD variable. */
async function runPipeline(dir: string, key: ReturnType<typeof signingKey>) {
  const variables = {
    CI_PROJECT_DIR: dir,
    GITLAB_CI: 'true',
    GITLAB_USER_LOGIN: 'release-bot',
    CI_RUNNER_ID: '12',
    RELEASE_SIGNING_KEY: key.masked,
  };
  const run = await spawnCollect(
    NODE24,
    [
      gitlabCiLocalEntry(),
      '--force-shell-executor',
      '--no-color',
      ...Object.entries(variables).flatMap(([name, value]) => ['--variable', `${name}=${value}`]),
    ],
    { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, LANG: 'C.UTF-8' }, timeoutMs: 40_000 },
  );
  const artifactsDir = join(dir, '.gitlab-ci-local/artifacts');
  const artifact = (job: string, file: string): string | undefined => {
    const path = join(artifactsDir, job, file);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  };
  const received = existsSync(join(dir, 'received.env'))
    ? Object.fromEntries(
        readFileSync(join(dir, 'received.env'), 'utf8')
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      )
    : undefined;
  /** Every artifact file of every job, by path. */
  const artifactFiles = (): Record<string, string> => {
    if (!existsSync(artifactsDir)) return {};
    const out: Record<string, string> = {};
    for (const entry of readdirSync(artifactsDir, { recursive: true, encoding: 'utf8' })) {
      const path = join(artifactsDir, entry);
      if (statSync(path).isFile()) out[entry] = readFileSync(path, 'latin1');
    }
    return out;
  };
  return { ...run, artifact, received, artifactFiles };
}

describe('build-signature component under gitlab-ci-local (shell executor, Node 24)', () => {
  const projects: string[] = [];
  beforeAll(() => {
    // Under CI=true as anywhere: a missing gitlab-ci-local, git or rsync fails these tests, never skips them.
    requireGitlabCiLocal();
  });
  afterAll(() => {
    for (const dir of projects.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('signs with the key from a CI/CD variable, verifies in a later stage from the sign job’s artifacts, and hands the outputs on; the key is never shown', async () => {
    const key = signingKey();
    const dir = signingProject(key);
    projects.push(dir);
    const run = await runPipeline(dir, key);

    expect({ status: run.status, log: run.status === 0 ? '' : run.output }).toEqual({ status: 0, log: '' });
    for (const job of ['build', 'sign', 'verify', 'deploy'])
      expect(run.output).toMatch(new RegExp(`PASS\\s+${job}\\b`));

    const archive = join(dir, '.gitlab-ci-local/artifacts/sign/.hands-off/signature/app.tar.gz');
    const digest = `sha256:${createHash('sha256').update(readFileSync(archive)).digest('hex')}`;
    expect(run.received).toEqual({
      BUILD_SIGNATURE_DIGEST: digest,
      BUILD_SIGNATURE_STATEMENT_PATH: '.hands-off/signature/statement.json',
      BUILD_SIGNATURE_ENVELOPE_PATH: '.hands-off/signature/app.tar.gz.intoto.jsonl',
      BUILD_SIGNATURE_BUNDLE_PATH: '.hands-off/signature/app.tar.gz.sigstore.json',
      BUILD_SIGNATURE_PUBLIC_KEY_ID: key.keyid,
      VERIFY_VERIFIED: 'true',
      VERIFY_DIGEST: digest,
      VERIFY_SIGNERS: key.keyid,
    });

    // The sign job's artifacts: the signature files under output-dir, the report under hands-off/.
    const signed = readdirSync(join(dir, '.gitlab-ci-local/artifacts/sign/.hands-off/signature')).sort();
    expect(signed).toEqual([
      'SHA256SUMS',
      'app.tar.gz',
      'app.tar.gz.intoto.jsonl',
      'app.tar.gz.sigstore.json',
      'public-key.pem',
      'statement.json',
    ]);
    expect(run.artifact('sign', 'hands-off/build-signature.env')).toContain(
      `BUILD_SIGNATURE_PUBLIC_KEY_ID=${key.keyid}\n`,
    );
    expect(run.artifact('sign', 'hands-off/build-signature-summary.md')).toContain(key.keyid);
    const statement = JSON.parse(run.artifact('sign', '.hands-off/signature/statement.json') ?? '{}');
    expect(statement.predicate.buildDefinition.externalParameters.workflow).toMatchObject({
      ref: 'refs/heads/main',
      repository: expect.stringMatching(/\/acme\/shop$/),
    });
    expect(statement.predicate.runDetails.builder.id).toMatch(/\/acme\/shop\/-\/runners\/12$/);

    // The verify job appended its record to the decision log it was handed.
    const log = (run.artifact('verify', 'hands-off/decision-log.jsonl') ?? '')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { verdict: string; platform: string; exitCode: number });
    expect(log.map(({ verdict, platform, exitCode }) => ({ verdict, platform, exitCode }))).toEqual([
      { verdict: 'signed', platform: 'gitlab', exitCode: 0 },
      { verdict: 'verified', platform: 'gitlab', exitCode: 0 },
    ]);
    expect(run.artifact('verify', 'hands-off/build-signature.env')).toContain('VERIFY_VERIFIED=true\n');

    // Neither the job log nor any artifact holds the key, in any form (PEM, masked value, DER, lines).
    const texts = { 'job log': run.output, ...run.artifactFiles() };
    const leaks = Object.entries(texts).flatMap(([where, text]) =>
      key.forms.filter((form) => text.includes(form)).map((form) => `${where}: ${form.slice(0, 12)}…`),
    );
    expect(leaks).toEqual([]);
  }, 60_000);

  it('a tampered archive: the verify job fails with exit code 2 naming the digest, the deploy never starts, the report says verified=false', async () => {
    const key = signingKey();
    const dir = signingProject(key, {
      before_script: ['printf x >> .hands-off/signature/app.tar.gz'],
    });
    projects.push(dir);
    const run = await runPipeline(dir, key);

    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/PASS\s+sign\b/);
    expect(run.output).toMatch(/FAIL\s+verify\b/);
    expect(run.output).toMatch(/not verified\W+digest: \.hands-off\/signature\/app\.tar\.gz\W/);
    expect(run.output).toMatch(/verify\s+finished in .*FAIL 2\b/);
    expect(run.output).not.toMatch(/deploy\s+starting/);
    expect(run.received).toBeUndefined();
    expect(run.artifact('verify', 'hands-off/build-signature.env')).toContain('VERIFY_VERIFIED=false\n');
    const log = (run.artifact('verify', 'hands-off/decision-log.jsonl') ?? '').trim().split('\n');
    expect(JSON.parse(log.at(-1) ?? '{}')).toMatchObject({ verdict: 'refused', exitCode: 2 });
  }, 60_000);
});
