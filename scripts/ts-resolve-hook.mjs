// Lets Node 24 run the TypeScript sources directly (it strips types itself): maps the sources'
// `./x.js` import specifiers to `./x.ts`. Used with `node --import ./scripts/ts-resolve-hook.mjs`
// by the benchmarks and by tests that must run outside Jest's VM realm.
import { register } from 'node:module';

const hook = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (/^\\.{1,2}\\//.test(specifier) && specifier.endsWith('.js')) return next(specifier.slice(0, -3) + '.ts', context);
    throw error;
  }
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
