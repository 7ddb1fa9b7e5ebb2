#!/usr/bin/env node
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
// A dangling socket or timer must not hold the CI job once the step has decided.
setTimeout(() => process.exit(), 200).unref();
