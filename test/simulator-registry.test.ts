// The simulator registry is where the rest of polihon learns which simulators exist and what they offer. Until the
// `call` step reads its actions from it (conformance/steps/call.ts keeps its own table today), this keeps the two
// from drifting apart.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CALL_ACTIONS } from '../conformance/steps/call.ts';
import { SIMULATORS, simulatorActions, simulatorBaseUrls } from '../simulators/registry.ts';
import { DEFAULT_BASE_URLS } from '../simulators/transport/msw.ts';

const SIMULATORS_DIR = new URL('../simulators/', import.meta.url);

describe('simulator registry', () => {
  it('has a line for every simulator folder, and nothing else', () => {
    const folders = readdirSync(SIMULATORS_DIR).filter(
      (f) => !['kit', 'transport'].includes(f) && statSync(new URL(f, SIMULATORS_DIR)).isDirectory(),
    );
    expect(Object.keys(SIMULATORS).sort()).toEqual(folders.sort());
  });

  it('gives msw its base URLs', () => {
    expect(DEFAULT_BASE_URLS).toEqual(simulatorBaseUrls());
    for (const url of Object.values(DEFAULT_BASE_URLS)) expect(new URL(url).hostname).toMatch(/\.polihon\.test$/);
  });

  it('offers the call actions scenarios name, each its control call (the call step reads them from here)', () => {
    const w = { actId: 'A/1' };
    const table = Object.fromEntries(
      Object.entries(CALL_ACTIONS).map(([name, a]) => [name, `${a.simulator} ${a.method} ${a.path(w)}${a.delivers ? ' delivers' : ''}${a.flat ? ' flat' : ''}`]),
    );
    expect(table).toEqual({
      'dms.verification-request': 'dms POST /__polihon/verification-requests delivers',
      'dms.confirm-act': 'dms POST /__polihon/acts/A%2F1/confirm',
      'hromada.send-act': 'hromada POST /__polihon/acts delivers',
      'trembita.deliver': 'trembita POST /__polihon/deliver delivers flat',
      'trembita.registry': 'trembita POST /__polihon/registry',
      'diia.officials': 'diia POST /__polihon/officials',
      'diia.present': 'diia POST /__polihon/present',
      'diia.refresh': 'diia POST /__polihon/refresh',
      'diia.revoke': 'diia POST /__polihon/revoke',
      'diia.dismiss': 'diia POST /__polihon/dismiss',
      'diia.consent': 'diia POST /__polihon/consent delivers',
      'eis.decide': 'eis POST /__polihon/decide',
      'eis.joint-decision': 'eis POST /__polihon/joint-decision',
      'eis.users': 'eis POST /__polihon/users',
      'eis.notify': 'eis POST /__polihon/messaging/notify delivers',
      'eis.messages': 'eis GET /__polihon/messaging/messages',
      'eis.outage': 'eis POST /__polihon/messaging/outage delivers',
      'eis.documents': 'eis POST /__polihon/messaging/documents',
      'eis.enrolled': 'eis POST /__polihon/enrolled',
      'eis.ask': 'eis POST /__polihon/messaging/ask delivers',
      'eis.deadline': 'eis POST /__polihon/deadline',
      'eis.cabinet-login': 'eis POST /__polihon/cabinet/login',
    });
    expect(CALL_ACTIONS).toEqual(simulatorActions());
  });

  it('seeds ЄДДР with the scenario people it holds, and nothing when it holds none', () => {
    const olena = { rnokpp: '1234567890' };
    expect(SIMULATORS.dms.seed?.([{ name: 'olena', person: olena, inEddr: true }, { name: 'taras', person: {}, inEddr: false }])).toEqual({ eddr: [olena] });
    expect(SIMULATORS.dms.seed?.([{ name: 'taras', person: {}, inEddr: false }])).toBeUndefined();
    expect(SIMULATORS.hromada.seed).toBeUndefined();
  });

  it('names no simulator by its literal name in the runner, the world, the msw transport or serve except where the protocol needs it', () => {
    // the participant slot is found by its registry line (participantSlot), not by Трембіта's name
    for (const file of ['../conformance/runner.ts', '../conformance/world.ts', '../simulators/transport/msw.ts', '../cli/commands/serve.ts']) {
      expect(readFileSync(new URL(file, import.meta.url), 'utf8').match(/'(dms|hromada|trembita)'/g) ?? [], file).toEqual([]);
    }
  });
});
