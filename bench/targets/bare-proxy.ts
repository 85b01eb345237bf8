// Child process: the baseline of the Трембіта comparison, a bare node:http proxy. Every request's body is streamed
// to the SOAP provider given on the command line (its URL, the path included) over a keep-alive pool, and the
// provider's status, content type and body are streamed back. No parsing, no checks, no journal: what any
// pass-through costs. Prints {"url": ...} when listening.
import { Agent, createServer, request } from 'node:http';
import { serveChild } from './child.ts';

const upstream = new URL(process.argv[2] ?? '');
const agent = new Agent({ keepAlive: true });

const server = createServer((req, res) => {
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'content-length', 'soapaction']) {
    const v = req.headers[name];
    if (typeof v === 'string') headers[name] = v;
  }
  const up = request({ host: upstream.hostname, port: upstream.port, path: upstream.pathname, method: 'POST', headers, agent }, (answer) => {
    const back: Record<string, string> = {};
    for (const name of ['content-type', 'content-length']) {
      const v = answer.headers[name];
      if (typeof v === 'string') back[name] = v;
    }
    res.writeHead(answer.statusCode ?? 502, back);
    answer.pipe(res);
  });
  up.on('error', (err) => {
    if (res.headersSent) return res.destroy();
    res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`provider: ${err.message}`);
  });
  req.pipe(up);
});
serveChild(server, () => agent.destroy());
