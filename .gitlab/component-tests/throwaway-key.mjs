// A throwaway signing key for the build-signature component test of .gitlab-ci.yml: a fresh ECDSA
// P-256 key on every run, printed as a masked CI/CD variable holds one (the PEM, base64-encoded on
// one line), so the component decodes it as it would a real key. Nothing is kept or committed.
import { generateKeyPairSync } from 'node:crypto';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
process.stdout.write(Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' })).toString('base64'));
