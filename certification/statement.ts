// statement.json: what a certification run showed, in a form a reviewer can check without polihon's reports — who
// was tested (X-Road id, ЄДРПОУ, version, roles), against which official scenario set (its hash and every file's),
// by which polihon, each requirement's verdict, and the journal's chain head and file hash. It is evidence for an
// integration review, not a legal certificate; the disclaimer travels inside it, in both languages.
import { z } from 'zod';
import { both } from '../core/i18n.ts';
import type { Counts, Outcome } from '../core/results.ts';
import { partitionByRoles } from '../conformance/requirements/catalog.ts';
import type { RunReport } from '../conformance/report-model.ts';
import { C } from './messages.ts';
import type { SetFile } from './set.ts';

export const STATEMENT_VERSION = '1.0';
export const STATEMENT_FILE = 'statement.json';
export const STATEMENT_JWS_FILE = 'statement.json.jws';
export const STATEMENT_HTML_FILE = 'statement.html';

export type StatementOutcome = Outcome | 'not-covered' | 'informative';

export interface Statement {
  statementVersion: typeof STATEMENT_VERSION;
  tool: { name: 'polihon'; version: string };
  participant: { name: string; version: string; xroadId: string; edrpou: string; roles: string[] };
  scenarioSet: { lock: string; hash: string; files: SetFile[] };
  run: {
    id: string;
    startedAt: string;
    finishedAt: string;
    outcome: Outcome;
    exitCode: number;
    counts: Counts;
    clockMode: 'virtual' | 'real';
    martialLaw: boolean;
    /** the seed generated cases were drawn with, and whether the sample was pairwise */
    cases?: { seed: number; thorough: boolean };
    masked: boolean;
  };
  /** the requirements binding the participant's roles, in catalog order */
  verdicts: { requirement: string; outcome: StatementOutcome; scenarios: string[] }[];
  journal: { file: string; entries: number; head: string; sha256: string };
  issuedAt: string;
  signature: { alg: 'EdDSA' | 'ES256'; kid: string; file: string };
  disclaimer: { uk: string; en: string };
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex');
const counts = z.strictObject({ pass: z.number(), fail: z.number(), error: z.number(), skip: z.number(), warn: z.number() });
const outcome = z.enum(['pass', 'fail', 'error', 'skip', 'warn']);
// a file name relative to the statement's folder, never one that climbs out of it
const besideFile = z.string().regex(/^[\w.-]+$/, 'a file name beside the statement');

/** What verify accepts as a statement; anything else is unreadable input (exit 2), located by field path. */
export const statementSchema = z.strictObject({
  statementVersion: z.literal(STATEMENT_VERSION),
  tool: z.strictObject({ name: z.literal('polihon'), version: z.string().min(1) }),
  participant: z.strictObject({ name: z.string(), version: z.string(), xroadId: z.string(), edrpou: z.string(), roles: z.array(z.string()).min(1) }),
  scenarioSet: z.strictObject({
    lock: z.string(),
    hash: hex64,
    files: z.array(z.strictObject({ file: z.string().regex(/^scenarios\/[\w./-]+\.ya?ml$/, 'a scenario path under scenarios/').refine((f) => !f.includes('..'), 'no ..'), sha256: hex64 })).min(1),
  }),
  run: z.strictObject({
    id: z.string(),
    startedAt: z.string(),
    finishedAt: z.string(),
    outcome,
    exitCode: z.number().int(),
    counts,
    clockMode: z.enum(['virtual', 'real']),
    martialLaw: z.boolean(),
    cases: z.strictObject({ seed: z.number().int(), thorough: z.boolean() }).optional(),
    masked: z.boolean(),
  }),
  verdicts: z.array(z.strictObject({ requirement: z.string(), outcome: z.enum(['pass', 'fail', 'error', 'skip', 'warn', 'not-covered', 'informative']), scenarios: z.array(z.string()) })),
  journal: z.strictObject({ file: besideFile, entries: z.number().int().nonnegative(), head: hex64, sha256: hex64 }),
  issuedAt: z.string(),
  signature: z.strictObject({ alg: z.enum(['EdDSA', 'ES256']), kid: z.string().min(1), file: besideFile }),
  disclaimer: z.strictObject({ uk: z.string(), en: z.string() }),
});

export interface StatementInput {
  report: Readonly<RunReport>;
  files: SetFile[];
  setHash: string;
  lock: string;
  /** journal.jsonl as written beside the report */
  journalSha256: string;
  key: { kid: string; alg: 'EdDSA' | 'ES256' };
  issuedAt: string;
}

/** The statement of a finished certification run. The profile's identity is required (certify checks it first). */
export function buildStatement(input: StatementInput): Statement {
  const { report } = input;
  const p = report.participant;
  const id = p.identity;
  if (!id) throw new Error('a certification statement needs the participant identity');
  const observable = new Map(report.requirements.map((r) => [r.id, (r as { observable?: boolean }).observable !== false]));
  const judged = new Map(report.verdicts.map((v) => [v.id, v]));
  const own = partitionByRoles(report.requirements, p.roles, (rid) => (judged.get(rid)?.evidence.length ?? 0) > 0).own;
  return {
    statementVersion: STATEMENT_VERSION,
    tool: { name: 'polihon', version: report.tool.version },
    participant: {
      name: p.name,
      version: p.version,
      xroadId: [id.instance, id.memberClass, id.memberCode, id.subsystem].filter(Boolean).join('/'),
      edrpou: id.memberCode,
      roles: [...p.roles],
    },
    scenarioSet: { lock: input.lock, hash: input.setHash, files: input.files.map((f) => ({ file: f.file, sha256: f.sha256 })) },
    run: {
      id: report.run.id,
      startedAt: report.run.startedAt,
      finishedAt: report.run.finishedAt,
      outcome: report.run.outcome,
      exitCode: report.run.exitCode,
      counts: { ...report.run.counts },
      clockMode: report.run.clockMode,
      martialLaw: report.run.martialLaw,
      ...(report.run.cases ? { cases: { ...report.run.cases } } : {}),
      masked: report.run.masked,
    },
    verdicts: own.map((r) => {
      const v = judged.get(r.id);
      const scenarios = [...new Set((v?.evidence ?? []).map((e) => e.scenario))].sort();
      const outcome: StatementOutcome = !observable.get(r.id) && !v?.evidence.length ? 'informative' : (v?.outcome ?? 'not-covered');
      return { requirement: r.id, outcome, scenarios };
    }),
    journal: { file: report.journal.file, entries: report.journal.entries, head: report.journal.head, sha256: input.journalSha256 },
    issuedAt: input.issuedAt,
    signature: { alg: input.key.alg, kid: input.key.kid, file: 'statement.json.jws' },
    disclaimer: both(C.disclaimer),
  };
}

/** statement.json's text: two-space JSON in the order of the interface above (the order a reader meets it in). */
export function statementText(s: Statement): string {
  return JSON.stringify(s, null, 2) + '\n';
}
