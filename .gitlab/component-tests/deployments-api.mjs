// A loopback GitLab REST API v4 for the gate-sweep component test of .gitlab-ci.yml: project 1 has
// one deployment to `production` blocked on its approval, at a commit whose config gates production
// with nothing but an always-open window. It answers the calls the sweep makes (the user, the
// project, the blocked deployments, the deployment, the config file at the commit, the approval)
// and prints the approval it receives. It stops by itself, like health-server.mjs: 10 s after start
// without a request, 3 s after the last request, 30 s at the latest.
import { createServer } from 'node:http';
import { clearTimeout, setTimeout } from 'node:timers';

const port = Number(process.argv[2] ?? '39220');
const sha = 'c'.repeat(40);
const config = 'version: 1\nenvironments:\n  production:\n    gate:\n      require-reviewed: false\n';
const deployment = {
  id: 7,
  iid: 1,
  ref: 'main',
  sha,
  status: 'blocked',
  created_at: new Date().toISOString(),
  updated_at: new Date().toISOString(),
  user: { username: 'release-manager' },
  environment: { id: 1, name: 'production' },
  deployable: { id: 70, status: 'manual', finished_at: null },
  approvals: [],
  pending_approval_count: 1,
};

let idle = setTimeout(() => process.exit(0), 10_000);
const server = createServer((request, response) => {
  clearTimeout(idle);
  idle = setTimeout(() => process.exit(0), 3_000);
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    const url = new URL(request.url ?? '/', 'http://api');
    const path = decodeURIComponent(url.pathname);
    const json = (status, value) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (path === '/api/v4/user') return json(200, { username: 'hands-off-gate' });
    if (path === '/api/v4/projects/1') return json(200, { id: 1, path_with_namespace: 'acme/shop' });
    if (path === '/api/v4/projects/1/deployments') {
      const status = url.searchParams.get('status');
      return json(200, status === null || status === deployment.status ? [deployment] : []);
    }
    if (path === '/api/v4/projects/1/deployments/7') return json(200, deployment);
    if (path === '/api/v4/projects/1/repository/files/.github/hands-off.yml/raw') {
      if (url.searchParams.get('ref') !== sha) return json(404, { message: '404 File Not Found' });
      return response.writeHead(200, { 'content-type': 'text/plain' }).end(config);
    }
    if (request.method === 'POST' && path === '/api/v4/projects/1/deployments/7/approval') {
      const fields = JSON.parse(body);
      console.log(`deployments-api: deployment 7 ${fields.status}: ${fields.comment ?? ''}`);
      deployment.approvals.push({ user: { username: 'hands-off-gate' }, status: fields.status });
      deployment.status = fields.status === 'approved' ? 'running' : 'canceled';
      return json(201, {
        user: { username: 'hands-off-gate' },
        status: fields.status,
        comment: fields.comment,
      });
    }
    json(404, { message: '404 Not found' });
  });
});
server.listen(port, '127.0.0.1', () => console.log(`deployments API on 127.0.0.1:${port}`));
setTimeout(() => process.exit(0), 30_000).unref();
