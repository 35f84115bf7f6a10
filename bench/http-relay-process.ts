// An HTTP hop that does nothing: it forwards each request's body to the upstream it is given,
// over keep-alive connections, and the answer back. The gateway bench times calls through it to
// show what any HTTP gateway in the middle costs on this machine (one more loopback hop each way,
// Node's HTTP parsing twice more, two process wake-ups) before it judges or records anything.
import { Agent, createServer, request } from 'node:http';

const upstream = process.argv[2];
if (upstream === undefined) {
  process.stderr.write('usage: http-relay-process <upstream url>\n');
  process.exit(1);
}
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const server = createServer((req, res) => {
  const parts: Buffer[] = [];
  req.on('data', (c: Buffer) => parts.push(c));
  req.on('end', () => {
    const body = Buffer.concat(parts);
    const headers = { 'content-type': req.headers['content-type'] ?? 'application/json', accept: req.headers.accept ?? '*/*', 'content-length': String(body.length) };
    const up = request(upstream, { method: req.method, headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json' });
      answer.pipe(res);
    });
    up.on('error', (error) => res.writeHead(502).end(error.message));
    up.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`port ${typeof address === 'object' && address ? address.port : 0}\n`);
});
