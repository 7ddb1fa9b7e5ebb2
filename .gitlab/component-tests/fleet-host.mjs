// A stand-in host for the component tests of .gitlab-ci.yml: `deploy` records HANDS_OFF_REVISION
// for HANDS_OFF_HOST under .component-fleet/, `health` checks that the host runs it. Exit codes
// are the contract of the command target's deploy-command and health-command.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const [action] = process.argv.slice(2);
const host = process.env.HANDS_OFF_HOST ?? '';
const revision = process.env.HANDS_OFF_REVISION ?? '';
if (!/^[a-z0-9-]+$/.test(host) || revision === '') {
  console.error('HANDS_OFF_HOST and HANDS_OFF_REVISION must be set');
  process.exit(2);
}
const file = `.component-fleet/${host}`;
if (action === 'deploy') {
  mkdirSync('.component-fleet', { recursive: true });
  writeFileSync(file, `${revision}\n`);
  console.log(`${host} now runs ${revision}`);
} else if (action === 'health') {
  const running = readFileSync(file, 'utf8').trim();
  console.log(`${host} runs ${running}`);
  process.exit(running === revision ? 0 : 1);
} else {
  console.error('usage: fleet-host.mjs deploy|health');
  process.exit(2);
}
