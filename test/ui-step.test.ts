// The `ui` step in a whole run: a participant whose driver and web UI are a tiny verifier page on loopback
// (test/ui-pages.ts), the camera filming a page of it, a screenshot kept as a file of the report folder and shown by
// index.html, `${steps.<ui step>.<read>}` judged by a later step; and the same run told to skip browser steps, where
// the steps that need the ui step's outputs are skipped with it instead of erring.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { render } from '../core/i18n.ts';
import { writeReports } from '../conformance/reporters/write-all.ts';
import { runConformance } from '../conformance/runner.ts';
import { parseScenario } from '../conformance/scenario.ts';
import { parseProfile, type SutProfile } from '../conformance/sut-profile.ts';
import { chromiumMissing } from './browser.ts';
import { serveTestUi, type TestUi } from './ui-pages.ts';

let web: TestUi;
let profile: SutProfile;
const dirs: string[] = [];

beforeAll(async () => {
  const missing = chromiumMissing();
  if (missing) throw missing;
  web = await serveTestUi();
  profile = parseProfile(
    `name: Verifier\nversion: 1.0.0\nroles: [credential-verifier]\n` +
      `endpoints: { driver: "${web.url}/driver", ui: "${web.url}/" }\nlaunch: { url: "${web.url}" }\n` +
      `ui: { selectors: { codeInput: "#code", submit: "#verify", scan: "#scan", result: "#result" } }\n`,
    'verifier.sut.yaml',
  );
});
afterAll(async () => {
  await web?.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const SCENARIO = `id: officer-scans
title: { uk: Посадовець сканує код, en: The officer scans a code }
role: credential-verifier
covers: [DIIA-11]
clock: { start: "2026-03-10T10:00:00+02:00" }
steps:
  - id: officer
    type: ui
    covers: [DIIA-11]
    actions:
      - open: /
      - camera: { show: "PHONE" }
      - click: scan
      - waitFor: { selector: result, attribute: data-verdict, timeout: 10s }
      - read: { selector: result, as: shown, attribute: data-verdict }
      - screenshot: after-scan
  - id: judged
    type: assert
    covers: [DIIA-11]
    that: { equals: ["\${steps.officer.shown}", "SEVDEIR-TEST code 42"] }
`;

const scenario = () => parseScenario(SCENARIO.replace('PHONE', `${web.url}/phone?text=SEVDEIR-TEST%20code%2042`), 'officer.yaml');

it('runs the ui step in the run: read values for later steps, a screenshot in the report folder and index.html', { timeout: 90_000 }, async () => {
  const out = await runConformance({ scenarios: [scenario()], profile, requirements: [], settleMs: 20 });
  const [officer, judged] = out.report.scenarios[0]!.steps;
  expect(officer!.outcome, officer!.message).toBe('pass');
  expect(judged!.outcome).toBe('pass');
  expect(officer!.artefacts).toEqual([{ kind: 'file', name: 'after-scan', mediaType: 'image/png', file: 'screenshot-1-after-scan.png', masked: true }]);
  expect(out.files.map((f) => f.file)).toEqual(['screenshot-1-after-scan.png']);
  // the page's text is masked in the masked report like a name, word by word
  expect(out.report.run.masked).toBe(true);

  const dir = await mkdtemp(path.join(tmpdir(), 'polihon-ui-step-'));
  dirs.push(dir);
  const written = await writeReports(dir, out.report, out.journal.toJSONL(), { files: out.files });
  const png = await readFile(path.join(written.dir, 'screenshot-1-after-scan.png'));
  expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  const html = await readFile(written.files.html!, 'utf8');
  expect(html).toContain('<img src="screenshot-1-after-scan.png" alt="after-scan"');
  expect(html).toContain('--unmasked keeps screenshots sharp');
  const json = JSON.parse(await readFile(written.files.json!, 'utf8'));
  const read = json.scenarios[0].steps[0].assertions.find((a: { name: string }) => a.name === 'read result as shown');
  expect(read.message).toBe('result shows "S***-T*** c*** 42", data-verdict="scanned"');
});

it('skips the ui step when told, and the steps that need its outputs with it, saying why', { timeout: 60_000 }, async () => {
  const out = await runConformance({ scenarios: [scenario()], profile, requirements: [], settleMs: 20, browserSteps: 'skip' });
  const [officer, judged] = out.report.scenarios[0]!.steps;
  expect(officer!.outcome).toBe('skip');
  expect(render(officer!.msg!, 'uk')).toContain('кроки з браузером вимкнено (--no-browser)');
  expect(judged!.outcome).toBe('skip');
  expect(judged!.message).toBe('skipped: it uses the outputs of step officer, which was skipped');
  expect(out.report.run.exitCode).toBe(0);
  expect(out.files).toEqual([]);
});
