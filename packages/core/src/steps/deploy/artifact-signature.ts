import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ResolvedConfig } from '../../config/config-file.js';
import { recordDecision, inputsWithoutToken } from '../../decision-log/decision-log.js';
import { InputError, quoteValue } from '../../errors.js';
import { parseBoolean } from '../../inputs/parse-scalars.js';
import type { InputSpec, ResolvedInput } from '../../inputs/resolve-inputs.js';
import { ExitCode } from '../../runtime/exit-codes.js';
import type { Runtime } from '../../runtime/runtime.js';
import { escapeMarkdown } from '../../summary/markdown.js';
import type { Clock } from '../../time/clock.js';
import { nameInside } from '../../signature/subject-names.js';
import {
  parseVerifyInputs,
  signatureInputsGiven,
  verifyArtifacts,
  type VerifyVerdict,
} from '../../signature/verify-artifacts.js';

/**
 * The signature inputs one-box-deploy and rollback share with build-signature's verify mode, with
 * the same names and meanings. The trusted keys and the policies may come from the config file, so
 * an environment states once whom it trusts; the signature itself belongs to the run.
 */
export const SIGNATURE_CHECK_INPUTS: readonly InputSpec[] = [
  { name: 'bundle', default: '', fromConfig: false },
  { name: 'envelope', default: '', fromConfig: false },
  { name: 'public-key', default: '', fromConfig: true },
  { name: 'threshold', default: '1', fromConfig: true },
  { name: 'expect-repository', default: '', fromConfig: true },
  { name: 'expect-ref', default: '', fromConfig: true },
  { name: 'expect-commit', default: '', fromConfig: false },
  { name: 'expect-builder', default: '', fromConfig: true },
];

/**
 * Refuses a signature policy given as an input without the signature it is about: `threshold`,
 * `expect-commit` and the other verification inputs mean the user asked for a verification, and
 * without `bundle` or `envelope` none would run (a workflow that forgot the bundle would deploy
 * unverified). Values from the config file do not count: an entry states its policy for every run.
 */
export function refusePolicyWithoutSignature(inputs: Record<string, ResolvedInput>): void {
  const given = (name: string): boolean =>
    inputs[name]?.source === 'input' && (inputs[name]?.value.trim() ?? '') !== '';
  if (given('bundle') || given('envelope')) return;
  const policy = SIGNATURE_CHECK_INPUTS.map((spec) => spec.name).find(
    (name) => name !== 'public-key' && name !== 'bundle' && name !== 'envelope' && given(name),
  );
  if (policy === undefined) return;
  throw new InputError(
    'bundle',
    `or \`envelope\` is required: \`${policy}\` was given, so the signature must be verified`,
    '`.hands-off/signature/shop.zip.sigstore.json` (written by build-signature)',
  );
}

/** What a deploy's signature check found: nothing asked, or the verifier's verdict on the artifact. */
export type ArtifactSignatureCheck =
  { checked: false } | { checked: true; artifact: string; verdict: VerifyVerdict };

/**
 * Verifies the artifact a deploy or rollback ships, by build-signature's own verifier, before any
 * API call or command: `artifact`, else the revision when it names a file in the workspace, must be
 * a signed subject with its exact digest. Runs when `bundle` or `envelope` is given; with
 * `require-signature: true` in the config entry a run without them is refused (InputError), so a
 * workflow that forgets the inputs cannot ship an unsigned build there.
 */
export async function checkArtifactSignature(
  value: (name: string) => string,
  config: ResolvedConfig,
  options: {
    workspace: string;
    artifact: string;
    revision: string;
    revisionInput: string;
    /**
     * The revision is the target's own last good one (rollback `to: previous`): it reached the
     * environment through these checks when it was deployed, so `require-signature` asks for no
     * new signature. A signature given is still verified.
     */
    lastGood?: boolean;
  },
): Promise<ArtifactSignatureCheck> {
  const required =
    options.lastGood !== true && Object.hasOwn(config.values, 'require-signature')
      ? parseBoolean('require-signature', config.values['require-signature'] ?? '')
      : false;
  if (!signatureInputsGiven(value)) {
    if (!required) return { checked: false };
    throw new InputError(
      'bundle',
      `or \`envelope\` is required: ${config.path} sets \`require-signature: true\` for \`${config.environment || 'defaults'}\`, so nothing unsigned is deployed there`,
      '`.hands-off/signature/shop.zip.sigstore.json` (written by build-signature)',
    );
  }
  const request = await parseVerifyInputs(value, options.workspace);
  const artifact = options.artifact || (await localFile(options.revision, options.workspace));
  if (artifact === '') {
    throw new InputError(
      'artifact',
      `is required to verify the signature: \`${options.revisionInput}\` ${quoteValue(options.revision)} is not a file in the workspace`,
      '`build/shop.zip`, the file that is deployed',
    );
  }
  const path = resolve(options.workspace, artifact);
  const name = nameInside(resolve(options.workspace), path);
  if (name === undefined || name === '') {
    throw new InputError(
      'artifact',
      `${quoteValue(artifact)} is not a file inside the workspace`,
      '`build/shop.zip`',
    );
  }
  const verdict = await verifyArtifacts(request, [{ name, path }], {
    workspace: options.workspace,
    match: 'each-file',
  });
  return { checked: true, artifact: name, verdict };
}

/** `revision` when it is the path of a regular file in the workspace, else ''. */
async function localFile(revision: string, workspace: string): Promise<string> {
  if (revision === '' || /[\r\n\0]/.test(revision) || revision.includes('://')) return '';
  const path = resolve(workspace, revision);
  if (nameInside(resolve(workspace), path) === undefined) return '';
  return stat(path).then(
    (stats) => (stats.isFile() ? revision : ''),
    () => '',
  );
}

/** Who signed what is deployed, for the step's decision record and summary; undefined when unchecked. */
export function signatureEvidence(
  check: ArtifactSignatureCheck,
): { artifact: string; sha256: string; signers: string[] } | undefined {
  if (!check.checked || !check.verdict.ok) return undefined;
  return {
    artifact: check.artifact,
    sha256: check.verdict.subjects[0]?.sha256 ?? '',
    signers: check.verdict.signers,
  };
}

/**
 * Logs the outcome of a signature check. A verified artifact gets one info line; an unverified one
 * ends the step here, before anything is called: one error line with the verifier's check and
 * reason, a decision record and a summary, and exit code 2 (returned; undefined when verified).
 */
export async function reportArtifactSignature(
  runtime: Runtime,
  step: string,
  check: ArtifactSignatureCheck,
  record: { startedAt: number; clock: Clock; inputs: Record<string, ResolvedInput> },
): Promise<ExitCode | undefined> {
  if (!check.checked) return undefined;
  const { verdict } = check;
  if (verdict.ok) {
    runtime.log.info(`${step}: ${check.artifact} verified: signed by ${verdict.signers.join(', ')}`);
    return undefined;
  }
  const line = `${step}: ${check.artifact} not verified, nothing deployed (${verdict.check}): ${verdict.reason}`;
  runtime.log.error(line);
  await recordDecision(
    runtime,
    { step, startedAt: record.startedAt, finishedAt: record.clock.now() },
    {
      verdict: 'unverified',
      reason: line,
      exitCode: ExitCode.Refused,
      inputs: inputsWithoutToken(record.inputs),
      observations: { signature: { artifact: check.artifact, check: verdict.check, reason: verdict.reason } },
    },
  );
  await runtime.writeSummary(`## ${step}: 🔴 artifact not verified\n\n**${escapeMarkdown(line)}**\n`);
  return ExitCode.Refused;
}
