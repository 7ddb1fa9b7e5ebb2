import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { THIRD_PARTY_SCHEMAS } from '../support/third-party-schemas.js';

/** `| file | ... | sha256 |` rows of the fixtures README. */
function recordedDigests(): Map<string, string> {
  const readme = readFileSync(join(THIRD_PARTY_SCHEMAS, 'README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| `([^`]+\.json)` *\|.*\| `([0-9a-f]{64})` \|$/gm)];
  return new Map(rows.map(([, file, digest]) => [file as string, digest as string]));
}

describe('third-party schemas kept in the repository', () => {
  it('every schema file is listed with its source and digest, and matches that digest', () => {
    const files = readdirSync(THIRD_PARTY_SCHEMAS).filter((file) => file.endsWith('.json'));
    const digests = recordedDigests();
    expect(files.sort()).toEqual([...digests.keys()].sort());
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const actual = createHash('sha256')
        .update(readFileSync(join(THIRD_PARTY_SCHEMAS, file)))
        .digest('hex');
      expect({ file, digest: actual }).toEqual({ file, digest: digests.get(file) });
    }
  });
});
