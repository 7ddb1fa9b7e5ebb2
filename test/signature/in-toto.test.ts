import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../packages/core/src/errors.js';
import {
  buildStatement,
  IN_TOTO_STATEMENT_V1,
  SLSA_PROVENANCE_V1,
  validateStatement,
} from '../../packages/core/src/signature/in-toto.js';

const a = 'a'.repeat(64);
const b = 'b'.repeat(64);

describe('buildStatement', () => {
  it('builds a Statement v1 with subjects sorted by name and sha256 digests', () => {
    const statement = buildStatement(
      [
        { name: 'z.tar.gz', sha256: a },
        { name: 'B.txt', sha256: b },
      ],
      SLSA_PROVENANCE_V1,
      { buildDefinition: {} },
    );
    expect(JSON.parse(JSON.stringify(statement))).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [
        { name: 'B.txt', digest: { sha256: b } },
        { name: 'z.tar.gz', digest: { sha256: a } },
      ],
      predicateType: 'https://slsa.dev/provenance/v1',
      predicate: { buildDefinition: {} },
    });
    expect(validateStatement(statement)).toEqual({ ok: true, statement });
  });

  it('refuses no subjects, an empty or duplicate name, and a digest that is not lowercase hex', () => {
    for (const subjects of [
      [],
      [{ name: '', sha256: a }],
      [
        { name: 'x', sha256: a },
        { name: 'x', sha256: b },
      ],
      [{ name: 'x', sha256: a.toUpperCase() }],
      [{ name: 'x', sha256: 'a'.repeat(63) }],
    ]) {
      expect(() => buildStatement(subjects, SLSA_PROVENANCE_V1, {})).toThrow(InputError);
    }
  });
});

describe('validateStatement', () => {
  const good = {
    _type: IN_TOTO_STATEMENT_V1,
    subject: [{ name: 'x', digest: { sha256: a } }],
    predicateType: 'p',
  };

  it('accepts a statement without a predicate and with other digest algorithms', () => {
    expect(validateStatement(good).ok).toBe(true);
    expect(
      validateStatement({ ...good, subject: [{ name: 'x', digest: { sha512: 'c'.repeat(128) } }] }).ok,
    ).toBe(true);
  });

  it('says what is wrong with a value that is not a Statement v1', () => {
    const cases: [unknown, RegExp][] = [
      [null, /not a JSON object/],
      [[good], /not a JSON object/],
      [
        { ...good, _type: 'https://in-toto.io/Statement/v0.1' },
        /_type is `https:\/\/in-toto.io\/Statement\/v0.1`/,
      ],
      [{ ...good, _type: undefined }, /_type is missing/],
      [{ ...good, subject: [] }, /subject is not a non-empty list/],
      [{ ...good, subject: [{ name: 'x' }] }, /subject 1 is not an object with a name and a digest/],
      [{ ...good, subject: [{ name: 'x', digest: {} }] }, /subject 1 has no digest/],
      [
        { ...good, subject: [{ name: 'x', digest: { sha256: 5 } }] },
        /subject 1 has no digest or a digest that is not/,
      ],
      [
        { ...good, subject: [{ name: 'x', digest: { sha256: 'A'.repeat(64) } }] },
        /sha256 that is not 64 lowercase/,
      ],
      [{ ...good, predicateType: '' }, /predicateType is missing/],
      [{ ...good, predicate: [] }, /predicate is not an object/],
    ];
    for (const [value, reason] of cases) {
      const shape = validateStatement(value);
      expect(shape.ok).toBe(false);
      if (!shape.ok) expect(shape.reason).toMatch(reason);
    }
  });
});
