// A loopback GitLab REST API v4 for the code-review-checklist component test of .gitlab-ci.yml:
// one merge request, !1, whose description holds the default checklist, complete. It answers the
// calls the step makes (the user, the merge request and its diffs, the config file: none, and the
// commit status) and prints each status it receives. It stops by itself, like health-server.mjs:
// 10 s after start without a request, 3 s after the last request, 30 s at the latest.
import { createServer } from 'node:http';
import { clearTimeout, setTimeout } from 'node:timers';

const port = Number(process.argv[2] ?? '39218');
const item = (id, label) => `- [x] ${label} <!-- id:${id} -->`;
let description = [
  'Speeds up checkout.',
  '',
  '<!-- hands-off:checklist:start -->',
  '',
  '### Testing',
  '',
  item('tests-added', 'New unit and integration tests cover the change'),
  '',
  '**Commands you ran to test this change:** <!-- id:test-commands -->',
  '```text',
  'npm test',
  '```',
  '',
  '### Monitoring',
  '',
  item('alarms-cover', 'Covered by existing alarms'),
  item('limits-unaffected', 'No effect on limits (throttling, quotas, capacity)'),
  item('no-new-alarms-needed', 'Deployable without new alarms'),
  '',
  '### Rollout',
  '',
  item('merge-now', 'Can be merged at once'),
  item('dependencies-deployed', 'Dependencies are already in production'),
  item('rollback-safe', 'Can be rolled back safely'),
  '',
  '<!-- hands-off:checklist:end -->',
].join('\n');

let idle = setTimeout(() => process.exit(0), 10_000);
const server = createServer((request, response) => {
  clearTimeout(idle);
  idle = setTimeout(() => process.exit(0), 3_000);
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    const path = new URL(request.url ?? '/', 'http://api').pathname;
    const json = (status, value) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    const mergeRequest = () => ({
      iid: 1,
      description,
      author: { username: 'alice' },
      sha: process.env.CI_COMMIT_SHA ?? '0'.repeat(40),
      target_branch: 'main',
      state: 'opened',
      web_url: 'http://127.0.0.1/merge_requests/1',
    });
    if (path === '/api/v4/user') return json(200, { username: 'project_bot' });
    if (/\/merge_requests\/1$/.test(path)) {
      if (request.method === 'PUT') description = JSON.parse(body).description ?? description;
      return json(200, mergeRequest());
    }
    if (/\/merge_requests\/1\/diffs$/.test(path)) {
      return json(200, [{ old_path: 'src/app.ts', new_path: 'src/app.ts' }]);
    }
    if (request.method === 'POST' && /\/statuses\/[0-9a-f]+$/.test(path)) {
      const status = JSON.parse(body);
      console.log(`merge-request-api: status ${status.name} ${status.state}: ${status.description}`);
      return json(201, { id: 1, status: status.state, name: status.name });
    }
    json(404, { message: '404 Not found' });
  });
});
server.listen(port, '127.0.0.1', () => console.log(`merge request API on 127.0.0.1:${port}`));
setTimeout(() => process.exit(0), 30_000).unref();
