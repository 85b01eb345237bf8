// Child process: the baseline, a bare node:http server that reads the request body and answers every request
// with one fixed answer — the status, headers and body bytes given on the command line (the simulator's own
// 201 answer, captured by the bench). Prints {"url": ...} when listening.
import { createServer } from 'node:http';
import { serveChild } from './child.ts';

interface BareAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const answer = JSON.parse(process.argv[2] ?? '') as BareAnswer;
const body = Buffer.from(answer.body, 'utf8');
const headers = { ...answer.headers, 'content-length': String(body.length) };

const server = createServer((req, res) => {
  // read the body as any real endpoint must, then answer
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(answer.status, headers);
    res.end(body);
  });
});
serveChild(server);
