import { afterEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, escapeMarkdown, forgetSecrets, registerSecret } from '@hands-off/core';
import { runBake } from '../../packages/core/src/bake/run-bake.js';
import { bakeRunOptions, MINUTE, quietLog, T0 } from '../support/bake-fixtures.js';
import { saveCheckpoint, type Checkpoint } from '../../packages/core/src/bake/checkpoint.js';
import type { SignalReading, SignalSource } from '../../packages/core/src/bake/signal.js';

// The checkpoint is a sink like the summary or the decision log: it redacts itself, whatever its
// caller composed. A source that forgot to redact its ids and details, a registered secret shown
// bare, an error that quotes a credential: none reaches the file. Issue 8, hardening 1.

/** A credential as tokens and signatures look; never in a record by chance. */
const credential = fc
  .tuple(fc.stringMatching(/^[A-Za-z]{3}$/), fc.stringMatching(/^[A-Za-z0-9._~-]{9,24}$/))
  .map(([a, b]) => `Q${a}${b}`);

/** Where the credential is planted: a URL parameter, a `password=` pair, URL userinfo, or bare (registered). */
const FORMS = ['token=', 'api_key=', 'X-Amz-Signature=', 'password=', 'userinfo', 'registered'] as const;
type Form = (typeof FORMS)[number];

function shown(form: Form, secret: string): string {
  if (form === 'userinfo') return `https://deploy:${secret}@shop.example/health`;
  if (form === 'registered') return `https://shop.example/${secret}/health`;
  if (form === 'password=') return `https://shop.example/health password=${secret}`;
  return `https://shop.example/health?region=eu&${form}${secret}&v=2`;
}

/** A source that reports a signal whose id and detail carry the credential, unredacted. */
function leakySource(text: string, breach: boolean): SignalSource {
  return {
    name: 'leaky',
    async poll(window) {
      const readings: SignalReading[] = [
        {
          id: `probe:GET ${text}`,
          kind: 'probe',
          state: 'OK',
          detail: `200 from ${text}`,
          readAt: window.to,
        },
      ];
      if (breach) {
        readings.push({
          id: `probe:POST ${text}`,
          kind: 'probe',
          state: 'BREACH',
          detail: `500 from ${text}`,
          readAt: window.to,
        });
      }
      return readings;
    },
  };
}

/** A source that throws an error quoting the credential: the bake records it as an ERROR reading. */
function throwingSource(text: string): SignalSource {
  return {
    name: 'throwing',
    async poll() {
      throw new Error(`cannot reach ${text}`);
    },
  };
}

// Errors never end these bakes: a source that throws is part of what is tried.
const options = (checkpoint: string, runForMs: number) =>
  bakeRunOptions({ checkpoint, runForMs, errorLimit: 100 });

/** The forms a planted value could take in the file: as is, URL-encoded, Markdown-escaped. */
function leaks(text: string, secret: string): string[] {
  return [secret, encodeURIComponent(secret), escapeMarkdown(secret)].filter((form) => text.includes(form));
}

afterEach(() => forgetSecrets());

describe('saveCheckpoint redacts at the sink', () => {
  it('a bake writes no planted credential to its checkpoint, and the next slice resumes from it', async () => {
    await fc.assert(
      fc.asyncProperty(credential, fc.constantFrom(...FORMS), fc.boolean(), async (secret, form, breach) => {
        forgetSecrets();
        if (form === 'registered') registerSecret(secret);
        const text = shown(form, secret);
        const path = join(mkdtempSync(join(tmpdir(), 'checkpoint-sink-')), 'bake.json');
        const sources = [leakySource(text, breach), throwingSource(text)];
        const clock = new ManualClock(T0);
        const first = await runBake(sources, options(path, 3 * MINUTE), {
          clock,
          sleep: clock.sleep,
          log: quietLog,
        });
        expect(first.verdict).toBe(breach ? 'unhealthy' : 'baking');
        const saved = readFileSync(path, 'utf8');
        expect(saved).toContain('***');
        expect(leaks(saved, secret)).toEqual([]);
        if (breach) return;

        // The next slice reads the redacted ids back and continues the same signals: no second track.
        const next = new ManualClock(clock.now());
        const resumed = await runBake(sources, options(path, 0), {
          clock: next,
          sleep: next.sleep,
          log: quietLog,
        });
        expect(resumed.fromCheckpoint).toBe(false);
        expect(Object.keys(resumed.state.tracks).sort()).toEqual(Object.keys(first.state.tracks).sort());
        expect(leaks(readFileSync(path, 'utf8'), secret)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('saveCheckpoint itself redacts a state its caller did not: ids, details, breaches and the reason', async () => {
    const secret = 'QmaskedByTheRegistry-42';
    registerSecret(secret);
    const path = join(mkdtempSync(join(tmpdir(), 'checkpoint-sink-')), 'bake.json');
    const id = `probe:GET https://u:Qpass-in-userinfo@a.example/?token=Qtoken-in-query&sig=Qsig-in-query`;
    const detail = `login failed: password=Qpassword-pair, X-Amz-Signature=Qamz-signature, ${secret}`;
    const checkpoint: Checkpoint = {
      version: 1,
      fingerprint: 'fp',
      state: {
        startedAt: T0,
        lastPollAt: T0,
        firstPollAt: T0,
        polls: 1,
        traffic: undefined,
        tracks: {
          [id]: {
            id,
            kind: 'probe',
            source: 'probes',
            lastState: 'BREACH',
            lastValue: 500,
            threshold: '200',
            lastDetail: detail,
            lastReadAt: T0,
            consecutiveBreaches: 1,
            consecutiveErrors: 0,
            breachPolls: 1,
          },
        },
        breaches: [{ id, detail, value: 500, at: T0 }],
        points: [{ at: T0, traffic: undefined, breaching: 1 }],
      },
      final: { verdict: 'unhealthy', reason: `${id} breaching: ${detail}` },
    };
    await saveCheckpoint(path, checkpoint);
    const saved = readFileSync(path, 'utf8');
    for (const planted of [
      'Qpass-in-userinfo',
      'Qtoken-in-query',
      'Qsig-in-query',
      'Qpassword-pair',
      'Qamz-signature',
      secret,
    ]) {
      expect(saved).not.toContain(planted);
    }
    const parsed = JSON.parse(saved) as Checkpoint;
    const redactedId = 'probe:GET https://***@a.example/?token=***&sig=***';
    expect(Object.keys(parsed.state.tracks)).toEqual([redactedId]);
    expect(parsed.state.tracks[redactedId]?.id).toBe(redactedId);
    expect(parsed.fingerprint).toBe('fp');
    // The caller's object is left as it was.
    expect(Object.keys(checkpoint.state.tracks)).toEqual([id]);
  });
});
