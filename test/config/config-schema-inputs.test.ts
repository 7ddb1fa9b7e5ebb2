import { describe, expect, it } from '@jest/globals';
import {
  BAKE_INPUTS,
  DEPLOY_INPUTS,
  ENTRY_PROPERTIES,
  ROLLBACK_INPUTS,
  SIGNATURE_INPUTS,
  CHECKLIST_INPUTS,
  WINDOW_GUARD_INPUTS,
  type InputSpec,
} from '@hands-off/core';

const STEPS: Record<string, readonly InputSpec[]> = {
  'window-guard': WINDOW_GUARD_INPUTS,
  'bake-and-watch': BAKE_INPUTS,
  'one-box-deploy': DEPLOY_INPUTS,
  rollback: ROLLBACK_INPUTS,
  'build-signature': SIGNATURE_INPUTS,
  'code-review-checklist': CHECKLIST_INPUTS,
};

/** Settings the config file holds that are not a step input of the same name. */
const CONFIG_ONLY = ['extends', 'overrides', 'require-signature', 'checklist'];

describe('the config file schema and the inputs the steps take from it', () => {
  it('accepts every input a step reads from the config file (a step reading `hosts` from a file that refuses it helps no one)', () => {
    const schema = new Set(Object.keys(ENTRY_PROPERTIES));
    const missing = Object.entries(STEPS).flatMap(([step, specs]) =>
      specs
        .filter((spec) => spec.fromConfig && !schema.has(spec.name))
        .map((spec) => `${step}: ${spec.name}`),
    );
    expect(missing).toEqual([]);
  });

  it('holds no setting that no step reads', () => {
    const read = new Set(
      Object.values(STEPS).flatMap((specs) =>
        specs.filter((spec) => spec.fromConfig).map((spec) => spec.name),
      ),
    );
    const unread = Object.keys(ENTRY_PROPERTIES).filter(
      (name) => !read.has(name) && !CONFIG_ONLY.includes(name),
    );
    expect(unread).toEqual([]);
  });
});
