import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../sut-profile.ts';
import { launchCommand } from './command.ts';

describe('launchCommand', () => {
  it('starts a participant again on another port when its picked port was taken first (EADDRINUSE)', async () => {
    // the first start fails as a participant does when another process took its port; the second one serves
    const mark = join(mkdtempSync(join(tmpdir(), 'polihon-port-')), 'tried');
    const server = `require('http').createServer((q, s) => s.end('{}')).listen(Number(process.argv[1]), '127.0.0.1')`;
    const script = `if [ ! -f ${mark} ]; then touch ${mark}; echo "listen EADDRINUSE: address already in use" >&2; exit 3; fi; exec ${process.execPath} -e "${server}" \${port}`;
    const profile = parseProfile(
      [
        'name: port race',
        'version: 1.0.0',
        'roles: [hromada-registry]',
        'endpoints: { driver: "http://127.0.0.1:${port}/driver" }',
        'launch:',
        `  command: ${JSON.stringify(script)}`,
        '  health: http://127.0.0.1:${port}/driver/health',
        '  readyTimeout: 10s',
      ].join('\n'),
      'race.sut.yaml',
    );
    const sut = await launchCommand(profile);
    try {
      expect(sut.alive()).toBe(true);
    } finally {
      await sut.stop();
    }
  });
});
