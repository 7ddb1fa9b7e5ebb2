import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './run-action.js';

/** Third-party JSON Schemas (GitHub action and workflow, GitLab CI) kept beside the repository. */
export const SHARED_SCHEMAS = join(ROOT, '..', 'shared', 'schemas');

/** A compiled validator that returns readable errors instead of a boolean. */
export type SchemaCheck = (data: unknown) => string[];

/**
 * Compiles `../shared/schemas/<file>` (draft-07). Formats are not validated: ajv-formats is not
 * installed, and none of the keys our files use carry a `format` (GitLab's schema puts them on
 * `include` URLs, `regex` inputs and dates).
 */
export function sharedSchema(file: string): SchemaCheck {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validate = ajv.compile(JSON.parse(readFileSync(join(SHARED_SCHEMAS, file), 'utf8')) as object);
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
