// The `ui` step in Debian's Chromium against a tiny verifier page on loopback (test/ui-pages.ts): the typed path, the
// scan path through the fake camera (a QR made with `qrcode`, rendered, filmed, decoded in the page by jsQR), a
// selector that never comes (a fail naming it and the page, with a screenshot), the profile checks made before a run,
// and a run told to skip browser steps. Throws rather than skips when there is no Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolihonError } from '../../core/errors.ts';
import { msg, render } from '../../core/i18n.ts';
import { chromiumMissing } from '../../test/browser.ts';
import { serveTestUi, type TestUi } from '../../test/ui-pages.ts';
import { UIM } from '../browser/messages.ts';
import { parseScenario } from '../scenario.ts';
import { parseProfile } from '../sut-profile.ts';
import { createStepContext } from './test-context.ts';
import type { StepArtefact, UiRunContext } from './types.ts';
import { checkUiSteps, uiStep } from './ui.ts';

const SELECTORS = { codeInput: '#code', submit: '#verify', scan: '#scan', result: '#result' };
let web: TestUi;

beforeAll(async () => {
  const missing = chromiumMissing();
  if (missing) throw missing;
  web = await serveTestUi();
});
afterAll(() => web?.close());

function uiContext(more: Partial<UiRunContext> = {}): UiRunContext {
  return { endpoint: web.url, selectors: SELECTORS, masked: true, ...more };
}

const run = (actions: unknown[], ui = uiContext()) =>
  uiStep.run({ actions } as Parameters<typeof uiStep.run>[0], createStepContext({ ui, covers: ['DIIA-11'] }));

const images = (artefacts: StepArtefact[] | undefined) => (artefacts ?? []).filter((a): a is Extract<StepArtefact, { kind: 'image' }> => a.kind === 'image');
const PNG = [0x89, 0x50, 0x4e, 0x47];

describe('the ui step in Chromium', { timeout: 60_000 }, () => {
  it('types a code, clicks, reads the result and its attribute, and keeps a screenshot', async () => {
    const out = await run([
      { open: '/' },
      { fill: { into: 'codeInput', value: '4 820000 123456' } },
      { click: 'submit' },
      { waitFor: { selector: 'result', attribute: 'data-verdict' } },
      { read: { selector: 'result', as: 'shown', attribute: 'data-verdict' } },
      { screenshot: 'after-check' },
    ]);
    expect(out.assertions.map((a) => a.outcome)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'pass']);
    expect(out.assertions.map((a) => a.name)).toEqual(['open /', 'fill codeInput', 'click submit', 'wait for result visible', 'read result as shown', 'screenshot after-check']);
    expect(out.outputs).toMatchObject({ shown: 'Код 4820000123456', shownAttribute: 'typed', url: `${web.url}/` });
    const [shot] = images(out.artefacts);
    expect(shot).toMatchObject({ name: 'after-check', mediaType: 'image/png', masked: true });
    expect([...shot!.bytes.subarray(0, 4)]).toEqual(PNG);
    // the page's text may hold a name: masked reports mask it word by word (the parameter's name says so)
    expect(out.assertions[4]!.msg?.params).toMatchObject({ pageText: 'Код 4820000123456', value: 'typed' });
  });

  it('scans: the camera films a page with a QR code, the page decodes it, the text read equals the code', async () => {
    const link = 'https://diia.app/documents/e-credential/5f0c1d2e/verify/7d444840-9dc0-41ab-a3a2-8e2f3c0b6a51';
    const out = await run([
      { open: '/' },
      { camera: { show: `${web.url}/phone?text=${encodeURIComponent(link)}` } },
      { click: 'scan' },
      { waitFor: { selector: 'result', attribute: 'data-verdict' } },
      { read: { selector: 'result', as: 'shown', attribute: 'data-verdict' } },
    ]);
    expect(out.assertions.map((a) => `${a.name} ${a.outcome}`)).toContain(`the camera shows ${web.url}/phone?text=${encodeURIComponent(link)} pass`);
    expect(out.outputs).toMatchObject({ shown: link, shownAttribute: 'scanned' });
  });

  it('a page asking for the camera before any `camera:` action finds none', async () => {
    const out = await run([{ open: '/' }, { click: 'scan' }, { waitFor: { selector: 'result', attribute: 'data-verdict' } }, { read: { selector: 'result', as: 'shown', attribute: 'data-verdict' } }]);
    expect(out.outputs).toMatchObject({ shownAttribute: 'no-camera' });
  });

  it('fails, naming the selector, its CSS and the page, with a screenshot, when an element never comes', async () => {
    const out = await run([{ open: '/' }, { click: { selector: 'missing', timeout: '300ms' } }, { screenshot: 'never-taken' }], uiContext({ selectors: { ...SELECTORS, missing: '#nope' } }));
    expect(out.assertions.map((a) => a.outcome)).toEqual(['pass', 'fail']);
    const said = render(out.assertions[1]!.msg!, 'en');
    expect(said).toBe(`missing (#nope) was not visible on ${web.url}/ within 300 ms`);
    expect(render(out.assertions[1]!.msg!, 'uk')).toContain('#nope');
    expect(images(out.artefacts).map((a) => a.name)).toEqual(['failure-2-click']);
    expect([...images(out.artefacts)[0]!.bytes.subarray(0, 4)]).toEqual(PNG);
  });

  it('is the participant’s failure when its page answers an error status', async () => {
    const out = await run([{ open: '/no-such-page' }]);
    expect(out.assertions[0]!.outcome).toBe('fail');
    expect(render(out.assertions[0]!.msg!, 'en')).toBe(`the page ${web.url}/no-such-page answered 404`);
  });

  it('closes the browser at once when the scenario is stopped, mid-wait', async () => {
    const stop = new AbortController();
    const running = uiStep.run(
      { actions: [{ open: '/' }, { waitFor: { selector: 'css:#never', timeout: '2m' } }] } as Parameters<typeof uiStep.run>[0],
      createStepContext({ ui: uiContext(), signal: stop.signal }),
    );
    // stopped once the page is there: the two-minute wait must not hold the step (the test's own limit is 60 s)
    setTimeout(() => stop.abort(), 1_500);
    await expect(running).rejects.toThrow();
  });

  it('skips, saying so in both languages, when the run is told to skip browser steps', async () => {
    const out = await run([{ open: '/' }], uiContext({ skip: msg(UIM.skippedFlag) }));
    expect(out.assertions.map((a) => a.outcome)).toEqual(['skip']);
    expect(render(out.msg!, 'en')).toBe("skipped: browser steps are turned off (--no-browser), so the participant's web UI was not checked");
    expect(render(out.msg!, 'uk')).toBe('пропущено: кроки з браузером вимкнено (--no-browser), тож вебінтерфейс учасника не перевірено');
  });
});

const SCENARIO = `id: officer
title: { uk: Перевірка, en: Check }
role: credential-verifier
covers: [DIIA-11]
clock: { start: "2026-03-10T10:00:00+02:00" }
steps:
  - id: check
    type: ui
    actions:
      - open: /
      - fill: { into: codeInput, value: "123" }
      - click: submit
      - read: { selector: "css:#result", as: shown }
`;
const profileText = (extra: string) =>
  `name: V\nversion: 1.0.0\nroles: [credential-verifier]\nendpoints: { driver: "http://127.0.0.1:1/driver"${extra.includes('ui:') ? '' : ', ui: "http://127.0.0.1:1/"'} }\nlaunch: { url: "http://127.0.0.1:1" }\n${extra}`;

/** The located problems of a scenario text, as `where message`. */
function problems(text: string): string[] {
  try {
    parseScenario(text, 'o.yaml');
    return [];
  } catch (e) {
    return (e as PolihonError).details.map((d) => `${d.where} ${d.message}`);
  }
}

describe('the ui step before a run', () => {
  it('rejects unknown action keys and two keys in one action, located', () => {
    const bad = SCENARIO.replace('- click: submit', '- clik: submit').replace('- open: /', '- { open: /, click: submit }');
    let err: unknown;
    try {
      parseScenario(bad, 'o.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PolihonError);
    const details = (err as PolihonError).details.map((d) => `${d.where} ${d.message}`).join('\n');
    expect(details).toMatch(/o\.yaml:12:9 .*clik/);
    expect(details).toMatch(/o\.yaml:10:9 .*exactly one of/);
  });

  it('names each selector the profile does not declare, at its step (E_PROFILE_INVALID)', () => {
    const scenario = parseScenario(SCENARIO, 'o.yaml');
    const profile = parseProfile(profileText('ui: { selectors: { codeInput: "#code" } }\n').replace('endpoints: { driver: "http://127.0.0.1:1/driver" }', 'endpoints: { driver: "http://127.0.0.1:1/driver", ui: "http://127.0.0.1:1/" }'), 'p.yaml');
    let err: unknown;
    try {
      checkUiSteps([scenario], profile);
    } catch (e) {
      err = e;
    }
    expect((err as PolihonError).code).toBe('E_PROFILE_INVALID');
    expect((err as PolihonError).details.map((d) => `${d.where} ${d.message}`)).toEqual(["o.yaml:7:5 the profile's ui.selectors do not declare submit"]);
    expect((err as PolihonError).details[0]!.hint).toContain('declared: codeInput');
  });

  it('names a profile without ui selectors and without endpoints.ui', () => {
    const scenario = parseScenario(SCENARIO, 'o.yaml');
    const profile = parseProfile('name: V\nversion: 1.0.0\nroles: [credential-verifier]\nendpoints: { driver: "http://127.0.0.1:1/driver" }\nlaunch: { url: "http://127.0.0.1:1" }\n', 'p.yaml');
    expect(() => checkUiSteps([scenario], profile)).toThrow(PolihonError);
    try {
      checkUiSteps([scenario], profile);
    } catch (e) {
      expect((e as PolihonError).details.map((d) => d.message)).toEqual([
        "the profile's ui.selectors do not declare codeInput",
        "the profile's ui.selectors do not declare submit",
        'the ui step opens /, but the profile has no endpoints.ui',
      ]);
    }
  });

  it('takes a profile that declares what the scenario names', () => {
    const profile = parseProfile(profileText(`ui: { selectors: ${JSON.stringify(SELECTORS)} }\n`).replace('endpoints: { driver: "http://127.0.0.1:1/driver" }', 'endpoints: { driver: "http://127.0.0.1:1/driver", ui: "http://127.0.0.1:1/" }'), 'p.yaml');
    expect(() => checkUiSteps([parseScenario(SCENARIO, 'o.yaml')], profile)).not.toThrow();
    expect(() => parseProfile(profileText('ui: { selectors: { "1bad": "#x" } }\n'), 'p.yaml')).toThrow(/profile is invalid/);
  });

  it('lets scenarios name a served simulator by ${simulators.<name>}, and no other', () => {
    const withCamera = SCENARIO.replace('- click: submit', '- camera: "${simulators.dms}/x"\n      - click: submit');
    expect(() => parseScenario(withCamera, 'o.yaml')).not.toThrow();
    expect(problems(withCamera.replace('simulators.dms', 'simulators.nope'))).toEqual(['o.yaml:7:5 ${simulators.nope} refers to nothing']);
  });

  it('refuses a full URL off loopback', () => {
    expect(problems(SCENARIO.replace('- open: /', '- open: https://example.org/'))).toEqual(['o.yaml:10:7 action 1: the ui step opens https://example.org/: only loopback addresses are allowed']);
  });
});
