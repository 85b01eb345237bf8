// The Трембіта simulator under a flood of malformed messages over real HTTP: every one gets the security server's
// fault (HTTP 200, text/xml) — never a crash, a hang or an HTML page — and a valid call afterwards is still quick.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../core/clock.ts';
import { createJournal } from '../core/journal.ts';
import { createSimulatorHost } from '../simulators/host.ts';
import { T0 } from '../simulators/testing.ts';
import { serveSimulators, type ServedSimulators } from '../simulators/transport/http-server.ts';
import { envelope, readFault } from '../simulators/trembita/test-support.ts';

let served: ServedSimulators;
let base: string;

beforeAll(async () => {
  const clock = createVirtualClock(T0);
  // a small journal body cap and a 64 KiB body limit keep the flood's memory small
  const journal = createJournal({ clock, wallTime: () => 0, maxBodyChars: 256 });
  const host = createSimulatorHost({ clock, journal, fetch: (i, init) => fetch(i, init), simulators: ['trembita'], options: { trembita: { bodyLimit: 64 * 1024 } } });
  served = await serveSimulators(host);
  base = served.urls.trembita!;
});
afterAll(() => served.close());

const xml = 'text/xml; charset=utf-8';
const valid = envelope();
// ten kinds of bad input, each with the fault code the security server answers with
const KINDS: { name: string; body: () => BodyInit; type: string | null; code: RegExp }[] = [
  { name: 'empty body', body: () => '', type: xml, code: /^Client\.InvalidSoap$/ },
  { name: 'not XML', body: () => 'GET / HTTP/1.1\r\n\r\n', type: xml, code: /^Client\.InvalidSoap$/ },
  { name: 'XXE', body: () => '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>', type: xml, code: /^Client\.InvalidSoap$/ },
  { name: 'entity bomb', body: () => `<!DOCTYPE l [<!ENTITY a "${'a'.repeat(50)}">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${'b'.repeat(i + 1)} "${'&a;'.repeat(10)}">`).join('')}]><l>&bbbbbbbbb;</l>`, type: xml, code: /^Client\.InvalidSoap$/ },
  { name: 'deep nesting', body: () => '<a>'.repeat(20_000), type: xml, code: /^Client\.InvalidSoap$/ },
  { name: 'oversized', body: () => valid.replace('</SOAP-ENV:Header>', `<x>${'y'.repeat(70 * 1024)}</x></SOAP-ENV:Header>`), type: xml, code: /^Client\.InvalidMessage$/ },
  { name: 'wrong content type', body: () => valid, type: 'application/json', code: /^Client\.InvalidContentType$/ },
  { name: 'truncated MIME', body: () => `--b\r\nContent-Type: text/xml\r\n\r\n${valid}\r\n--b\r\nContent-Type: app`, type: 'multipart/related; boundary=b', code: /^Client\.MimeParsingFailed$/ },
  { name: 'truncated envelope', body: () => valid.slice(0, valid.length / 2), type: xml, code: /^Client\.InvalidSoap$/ },
  { name: 'random bytes', body: () => new Uint8Array(Array.from({ length: 512 }, (_, i) => (i * 7919) % 256)), type: 'application/octet-stream', code: /^Client\.InvalidContentType$/ },
];

async function send(kind: (typeof KINDS)[number]) {
  const res = await fetch(`${base}/`, { method: 'POST', headers: kind.type ? { 'content-type': kind.type } : {}, body: kind.body() });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('a flood of malformed messages', () => {
  it('answers each of 2000 (10 kinds) with the right fault, then still serves a valid call quickly', async () => {
    const counts = new Map<string, number>();
    const queue = Array.from({ length: 2000 }, (_, i) => KINDS[i % KINDS.length]!);
    const workers = Array.from({ length: 32 }, async () => {
      for (let kind = queue.pop(); kind; kind = queue.pop()) {
        const r = await send(kind);
        expect(r.status, kind.name).toBe(200);
        expect(r.type, kind.name).toBe('text/xml; charset=utf-8');
        expect(readFault(r.text).code, kind.name).toMatch(kind.code);
        counts.set(kind.name, (counts.get(kind.name) ?? 0) + 1);
      }
    });
    await Promise.all(workers);
    expect([...counts.values()]).toEqual(KINDS.map(() => 200));

    const t = performance.now();
    const res = await fetch(`${base}/`, { method: 'POST', headers: { 'content-type': xml, soapaction: '""' }, body: valid });
    const text = await res.text();
    const ms = performance.now() - t;
    expect(text).toContain('CheckPassportStatusResponse');
    expect(ms).toBeLessThan(250);
  });
});
