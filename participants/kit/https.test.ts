// The reference participants' reading of POLIHON_CLIENT_CERT, POLIHON_CLIENT_KEY and POLIHON_CA. The calls themselves
// over mTLS are exercised end to end in polihon's test/mtls-run.test.ts (a participant imports nothing of polihon,
// so it cannot issue certificates here).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientTlsFromEnv, participantFetch } from './https.ts';

describe('clientTlsFromEnv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'participant-tls-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('is undefined when nothing is set, and reads the three files when they are', () => {
    expect(clientTlsFromEnv({})).toBeUndefined();
    const env = { POLIHON_CLIENT_CERT: file('c.pem', 'CERT'), POLIHON_CLIENT_KEY: file('k.pem', 'KEY'), POLIHON_CA: file('ca.pem', 'CA') };
    expect(clientTlsFromEnv(env)).toEqual({ certPem: 'CERT', keyPem: 'KEY', caPem: 'CA' });
    expect(clientTlsFromEnv({ POLIHON_CA: env.POLIHON_CA })).toEqual({ caPem: 'CA' });
  });

  it('names a file it cannot read, and wants the key with the certificate', () => {
    expect(() => clientTlsFromEnv({ POLIHON_CA: join(dir, 'none.pem') })).toThrow(/POLIHON_CA \(.*none\.pem\) cannot be read: ENOENT/);
    expect(() => clientTlsFromEnv({ POLIHON_CLIENT_CERT: file('only.pem', 'CERT') })).toThrow(/go together/);
  });

  it('without TLS material is the global fetch', () => {
    expect(typeof participantFetch(undefined)).toBe('function');
  });
});
