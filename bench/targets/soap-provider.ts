// Child process: the plain HTTP SOAP provider behind both sides of the Трембіта comparison — node:http, reads the
// envelope, answers 200 text/xml with the X-Road header echoed and a residence record (bench/soap.ts
// providerAnswer), or 500 with a SOAP fault when it cannot read the request. Prints {"url": ...} when listening.
import { createServer } from 'node:http';
import { BENCH_SOAP, providerAnswer, providerFault } from '../soap.ts';
import { serveChild } from './child.ts';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const answer = providerAnswer(Buffer.concat(chunks).toString('utf8'));
    const body = Buffer.from(answer.ok ? answer.text : providerFault(answer.reason), 'utf8');
    res.writeHead(answer.ok ? 200 : 500, { 'content-type': BENCH_SOAP.contentType, 'content-length': String(body.length) });
    res.end(body);
  });
});
serveChild(server);
