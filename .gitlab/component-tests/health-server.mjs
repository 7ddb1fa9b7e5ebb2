// A loopback health endpoint for the bake-and-watch component test of .gitlab-ci.yml: answers
// 200 on /health. The job shell waits for every process it started, so the server stops by
// itself: 10 s after start without a request, 3 s after the last request, 30 s at the latest.
import { createServer } from 'node:http';
import { clearTimeout, setTimeout } from 'node:timers';

const port = Number(process.argv[2] ?? '39217');
let idle = setTimeout(() => process.exit(0), 10_000);
const server = createServer((request, response) => {
  clearTimeout(idle);
  idle = setTimeout(() => process.exit(0), 3_000);
  response.writeHead(request.url === '/health' ? 200 : 404, { 'content-type': 'text/plain' });
  response.end(request.url === '/health' ? 'ok\n' : 'not found\n');
});
server.listen(port, '127.0.0.1', () => console.log(`health server on 127.0.0.1:${port}`));
setTimeout(() => process.exit(0), 30_000).unref();
