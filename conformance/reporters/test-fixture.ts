// A hand-built run for the reporter tests: one passing, one failing and one erroring scenario, a skipped
// step, a requirement nobody covers, an informative one, and journal bodies with personal data and markup.
import { createVirtualClock } from '../../core/clock.ts';
import { createJournal, type JournalEntry } from '../../core/journal.ts';
import { countOutcomes, requirementVerdicts, rollUp, type ScenarioResult, type StepResult } from '../../core/results.ts';
import { REPORT_SCHEMA_VERSION, type RunReport } from '../report-model.ts';
import { loadCatalog } from '../requirements/catalog.ts';

export const RAW_RNOKPP = '1759013776';
export const RAW_LAST_NAME = 'Шевченко';
export const RAW_EMAIL = 'taras.shevchenko@example.com';

const T0 = Date.UTC(2026, 0, 5, 7, 0, 0); // Monday 5 January 2026, 09:00 Kyiv

function step(fields: Partial<StepResult> & Pick<StepResult, 'id' | 'title' | 'outcome'>): StepResult {
  return {
    type: 'expect',
    covers: [],
    virtualStart: new Date(T0).toISOString(),
    virtualEnd: new Date(T0).toISOString(),
    wallMs: 12,
    assertions: [],
    journalRefs: [],
    ...fields,
  };
}

function scenario(fields: Omit<ScenarioResult, 'outcome' | 'covers' | 'wallMs'> & { wallMs?: number }): ScenarioResult {
  return {
    wallMs: 400,
    ...fields,
    covers: [...new Set(fields.steps.flatMap((s) => s.covers))],
    outcome: rollUp(fields.steps.map((s) => s.outcome)),
  };
}

export interface SampleRun {
  report: RunReport;
  journal: JournalEntry[];
  jsonl: string;
}

export function sampleRun(options: { masked?: boolean } = {}): SampleRun {
  const clock = createVirtualClock(T0);
  let wall = T0 + 5_000;
  const journal = createJournal({ clock, wallTime: () => (wall += 7) });
  const person = { lastName: RAW_LAST_NAME, firstName: 'Тарас', patronymic: 'Григорович', rnokpp: RAW_RNOKPP, unzr: '19900101-00018', email: RAW_EMAIL };

  journal.append({ kind: 'request', channel: 'direct', from: 'harness', to: 'participant', service: 'driver.declaration', method: 'POST', path: '/__driver/declaration', body: JSON.stringify({ person }) });
  journal.append({ kind: 'response', channel: 'direct', from: 'participant', to: 'harness', service: 'driver.declaration', status: 202, links: [1], body: '{"accepted":true}' });
  clock.advance(24 * 3600_000);
  const act = journal.append({
    kind: 'request',
    channel: 'trembita',
    mode: 'request-response',
    from: 'participant',
    to: 'dms',
    service: 'dms.act.submit',
    method: 'POST',
    path: '/restapi/dms/v1/acts',
    messageId: 'b7f1c3de-0001',
    body: JSON.stringify({ kind: 'declaration', person, comment: '<script>alert("x")</script> ]]> done' }),
    data: { actKind: 'declaration', rnokpp: RAW_RNOKPP },
  });
  journal.append({
    kind: 'response',
    channel: 'trembita',
    from: 'dms',
    to: 'participant',
    service: 'dms.act.submit',
    status: 200,
    links: [act.seq],
    body: '<soap:Envelope><soap:Body><confirm><lastName>Шевченко</lastName><ok>true</ok></confirm></soap:Body></soap:Envelope>',
  });
  journal.append({ kind: 'event', channel: 'control', from: 'harness', to: 'dms', service: 'fault.inject' });

  const scenarios: ScenarioResult[] = [
    scenario({
      id: 'dms-declaration-same-day',
      file: 'scenarios/dms/declaration-same-day.yaml',
      title: { uk: 'Декларування: дані надходять у день дії', en: 'Declaration: data arrive on the day of the act' },
      role: 'hromada-registry',
      steps: [
        step({ id: 'trigger-declaration', type: 'trigger', title: 'declare a resident', outcome: 'pass', covers: ['DMS-01'], journalRefs: [1, 2] }),
        step({
          id: 'confirmation',
          title: 'the act is confirmed',
          outcome: 'pass',
          covers: ['DMS-04'],
          assertions: [{ name: 'confirmed', outcome: 'pass', covers: ['DMS-04'] }],
        }),
      ],
    }),
    scenario({
      id: 'dms-act-late',
      file: 'scenarios/dms/act-late.yaml',
      title: { uk: 'Дія надходить до ДМС із запізненням', en: 'The act reaches ДМС late' },
      role: 'hromada-registry',
      wallMs: 1234,
      steps: [
        step({
          id: 'act-arrives',
          title: 'the act reaches ДМС the same day',
          outcome: 'fail',
          covers: ['DMS-02'],
          message: `act for ${RAW_RNOKPP} arrived a day late`,
          where: 'scenarios/dms/act-late.yaml:14:5',
          journalRefs: [3, 4],
          assertions: [
            {
              name: 'receipt date',
              outcome: 'fail',
              covers: ['DMS-02'],
              message: 'ДМС got the act on the next day',
              expected: { date: '2026-01-05', lastName: RAW_LAST_NAME },
              actual: { date: '2026-01-06', lastName: RAW_LAST_NAME, rnokpp: RAW_RNOKPP },
              journalRefs: [3],
            },
          ],
        }),
        step({ id: 'warn-slow', title: 'answers promptly', outcome: 'warn', covers: [], message: 'slow answer: 2.1 s' }),
        step({ id: 'cleanup', type: 'assert', title: 'clean up', outcome: 'skip', message: 'skipped after a failure' }),
      ],
    }),
    scenario({
      id: 'dms-verification-answer',
      file: 'scenarios/dms/verification-answer.yaml',
      title: { uk: 'Відповідь на запит перевірки', en: 'Answer to a verification request' },
      role: 'hromada-registry',
      errorCode: 'E_SUT_UNREACHABLE',
      message: 'participant does not answer',
      steps: [
        step({
          id: 'ask',
          type: 'call',
          title: 'ДМС asks the hromada & waits',
          outcome: 'error',
          covers: ['DMS-07'],
          errorCode: 'E_SUT_UNREACHABLE',
          message: 'POST http://localhost:9/verify: connection refused \u0007',
          hint: 'is the participant running? check polihon.sut.yaml',
        }),
        step({ id: 'answer-in-time', title: 'answer within 3 working days', outcome: 'skip', covers: ['DMS-07'] }),
      ],
    }),
  ];

  const requirements = loadCatalog().filter((r) => ['DMS-01', 'DMS-02', 'DMS-04', 'DMS-07', 'DMS-08', 'DMS-09'].includes(r.id));
  const verdicts = requirementVerdicts(
    requirements.map((r) => r.id),
    scenarios,
  );
  const entries = journal.entries();
  const jsonl = journal.toJSONL();
  const report: RunReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'polihon', version: '0.1.0' },
    run: {
      id: '20260105-090000-ab12',
      startedAt: '2026-01-05T07:00:00.000Z',
      finishedAt: '2026-01-05T07:00:03.210Z',
      wallMs: 3210,
      outcome: rollUp(scenarios.map((s) => s.outcome)),
      counts: countOutcomes(scenarios.map((s) => s.outcome)),
      exitCode: 3,
      clockMode: 'virtual',
      martialLaw: true,
      scenarioSetHash: 'c0ffee'.repeat(10) + 'beef',
      masked: options.masked ?? true,
    },
    participant: { name: 'РТГ Бужанської громади', version: '1.4.2', roles: ['hromada-registry'], launcher: 'command' },
    requirements,
    verdicts,
    scenarios,
    journal: { file: 'journal.jsonl', entries: entries.length, head: journal.head(), intact: journal.verify() === null },
  };
  return { report, journal: entries, jsonl };
}
