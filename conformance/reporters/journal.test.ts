import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../core/clock.ts';
import { createJournal, type JournalInput } from '../../core/journal.ts';
import { checkJournalJsonl, maskJournalJsonl } from './journal.ts';

// "Шевченко" in Windows-1251: a body that is not UTF-8, kept as it came
const CP1251_NAME = Buffer.from([0xd8, 0xe5, 0xe2, 0xf7, 0xe5, 0xed, 0xea, 0xee]);

function sampleJsonl(): string {
  const clock = createVirtualClock(Date.UTC(2026, 2, 10, 8));
  const journal = createJournal({ clock, wallTime: () => 0 });
  const base = { channel: 'direct', from: 'participant', to: 'dms', service: 'dms.act.submit' } as const;
  const inputs: JournalInput[] = [
    {
      ...base,
      kind: 'request',
      method: 'POST',
      path: '/dms/v1/acts',
      body: JSON.stringify({ person: { lastName: 'Шевченко', birthDate: '1974-10-27', rnokpp: '2741019374' }, address: { text: '19275, Черкаська обл., с-ще Вишневе, вул. Весняна, буд. 109' } }),
      data: { rnokpp: '2741019374', kind: 'registration' },
    },
    { ...base, kind: 'response', status: 201, links: [1], body: '{"status":"confirmed"}', outcome: 'accepted' },
    { ...base, kind: 'request', method: 'GET', path: '/hromada/v1/residents?rnokpp=2741019374&lastName=%D0%A8%D0%B5' },
    { ...base, kind: 'request', method: 'POST', path: '/dms/v1/acts', body: Buffer.concat([Buffer.from('{"lastName":"'), CP1251_NAME, Buffer.from('"}')]) },
    { ...base, kind: 'event', outcome: 'confirmed', data: { phone: '+380671234567', email: 'shevchenko@example.com' } },
  ];
  for (const i of inputs) journal.append(i);
  expect(journal.verify()).toBeNull();
  return journal.toJSONL();
}

describe('a masked journal.jsonl', () => {
  it('recomputes every entry hash and the chain, unmasked and masked alike', () => {
    const jsonl = sampleJsonl();
    expect(checkJournalJsonl(jsonl)).toEqual({ entries: 5, hashesVerified: 5, bodiesVerified: 3 });
    const masked = maskJournalJsonl(jsonl);
    for (const secret of ['Шевченко', '1974-10-27', '2741019374', 'Весняна', '%D0%A8%D0%B5', '671234567', 'shevchenko@']) expect(masked).not.toContain(secret);
    expect(masked).not.toContain('"salt"');
    // bodies with nothing hidden re-hash too (the response); the others are covered by their commitments
    expect(checkJournalJsonl(masked)).toEqual({ entries: 5, hashesVerified: 5, bodiesVerified: 1 });
  });

  it('keeps a body that is not UTF-8 byte for byte, and masks it as text', () => {
    const jsonl = sampleJsonl();
    const raw = JSON.parse(jsonl.split('\n')[3]!) as { body: string; bodyEncoding: string; bodyBytes: number };
    expect(raw.bodyEncoding).toBe('base64');
    expect(Buffer.from(raw.body, 'base64').subarray(13, 21)).toEqual(CP1251_NAME);
    const masked = JSON.parse(maskJournalJsonl(jsonl).split('\n')[3]!) as { body: string; bodyEncoding: string };
    expect(masked.bodyEncoding).toBe('utf8-lossy');
    expect(masked.body).toContain('\uFFFD');
  });

  it('finds a flipped byte in any masked line and names the line', () => {
    const lines = maskJournalJsonl(sampleJsonl()).split('\n');
    for (let n = 0; n < 5; n++) {
      // the first star, or else a digit of the hash's neighbour fields: a change a reader could not see
      const line = lines[n]!;
      const at = line.includes('*') ? line.indexOf('*') : line.indexOf('"virtualMs":') + 13;
      const flipped = [...lines];
      flipped[n] = line.slice(0, at) + (line[at] === '*' ? '#' : line[at] === '1' ? '2' : '1') + line.slice(at + 1);
      const check = checkJournalJsonl(flipped.join('\n'));
      expect(check.brokenLine, `line ${n + 1}`).toBe(n + 1);
      expect(check.broken?.reason).toBe('hash');
    }
  });

  it('finds a changed commitment, a dropped line and a line that is not JSON', () => {
    const lines = maskJournalJsonl(sampleJsonl()).split('\n');
    const changed = lines[0]!.replace(/("commitments":\{"body":")([0-9a-f])/, (_m, head: string, d: string) => head + (d === '0' ? '1' : '0'));
    expect(changed).not.toBe(lines[0]);
    expect(checkJournalJsonl([changed, ...lines.slice(1)].join('\n'))).toMatchObject({ brokenLine: 1, broken: { reason: 'hash' } });
    expect(checkJournalJsonl([lines[0], ...lines.slice(2)].join('\n'))).toMatchObject({ brokenLine: 2, broken: { reason: 'chain' } });
    expect(checkJournalJsonl([lines[0], '{oops', ...lines.slice(1)].join('\n'))).toMatchObject({ brokenLine: 2 });
  });
});
