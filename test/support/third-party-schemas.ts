import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './run-action.js';

/**
 * Third-party JSON Schemas (GitHub action and workflow, GitLab CI), copied into the repository so a
 * fresh clone tests against them with nothing beside it. Where each came from: test/fixtures/schemas/README.md.
 */
export const THIRD_PARTY_SCHEMAS = join(ROOT, 'test', 'fixtures', 'schemas');

/** A compiled validator that returns readable errors instead of a boolean. */
export type SchemaCheck = (data: unknown) => string[];

/**
 * Compiles `test/fixtures/schemas/<file>` (draft-07). Formats are not validated: ajv-formats is not
 * installed, and none of the keys our files use carry a `format` (GitLab's schema puts them on
 * `include` URLs, `regex` inputs and dates).
 */
export function thirdPartySchema(file: string): SchemaCheck {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validate = ajv.compile(JSON.parse(readFileSync(join(THIRD_PARTY_SCHEMAS, file), 'utf8')) as object);
  return (data) => (validate(data) ? [] : (validate.errors ?? []).map(describeError));
}

/** Every YAML document of a file (a GitLab component has two: the `spec` header and the jobs). */
export function readYamlDocuments(path: string): unknown[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((document) => {
    if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0]?.message}`);
    return document.toJS() as unknown;
  });
}

function describeError(error: ErrorObject): string {
  return `${error.instancePath || '(root)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`;
}
