// The demo fleet's deploy command: takes HANDS_OFF_HOST down, installs HANDS_OFF_REVISION, brings
// it back. FLEET_DIR says where the hosts keep their state; FLEET_DEPLOY_MS how long it takes.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const host = process.env.HANDS_OFF_HOST ?? '';
const revision = process.env.HANDS_OFF_REVISION ?? '';
if (!host || !revision || !process.env.FLEET_DIR) {
  console.error('fleet-deploy: HANDS_OFF_HOST, HANDS_OFF_REVISION and FLEET_DIR are required');
  process.exit(2);
}
if (revision === 'unbuildable') {
  console.error(`fleet-deploy: ${revision} cannot be installed on ${host}`);
  process.exit(1);
}
const file = join(process.env.FLEET_DIR, `${host.replace(/[^A-Za-z0-9]/g, '_')}.json`);
// Written whole (temp file + rename): the host's server may read it at any moment.
const write = (state) => {
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(state));
  renameSync(`${file}.${process.pid}.tmp`, file);
};
write({ revision, deploying: true });
await new Promise((resolve) => setTimeout(resolve, Number(process.env.FLEET_DEPLOY_MS ?? 100)));
write({ revision, deploying: false });
console.log(`fleet-deploy: ${host} now runs ${revision}`);
