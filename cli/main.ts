// The composition root: the `polihon` command. Parses arguments, wires core, simulators and the conformance
// engine together, maps every outcome to the exit codes of core/errors.ts (docs/en/guide.md §10). Nothing imports this file but bin/ and tests.
// Each command declares its options once (COMMANDS below): parsing, `--help` and "did you mean" all read that.
// Command modules load on use, so `--help` and `--version` answer without loading the engines.
import { parseArgs } from 'node:util';
import { PARTICIPANT_ROLES } from '../conformance/requirements/roles.ts';
import { EXIT, PolihonError, toPolihonError } from '../core/errors.ts';
import { t, type Lang, type MessageRef, type Params } from '../core/i18n.ts';
import { watchInterrupts } from './interrupt.ts';
import { CERT, M, pickLang, PKI } from './messages.ts';
import { createOutput, type Output } from './output.ts';
import { REFERENCE_PARTICIPANTS, VERSION } from './paths.ts';
import { suggest } from './suggest.ts';

interface OptionDef {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** the value's placeholder in help: `--sut <file>` */
  value?: string;
  desc: MessageRef;
  params?: Params;
  default?: string;
}

/** Every option any command takes; a command picks the ones it understands (and may word one its own way). */
const OPTIONS = {
  sut: { type: 'string', value: '<polihon.sut.yaml>', desc: M.optSut },
  reports: { type: 'string', value: '<dir>', desc: M.optReports, default: 'reports' },
  settle: { type: 'string', value: '<ms>', desc: M.optSettle, default: '300' },
  participant: { type: 'string', value: '<name>', desc: M.optParticipant, params: { names: REFERENCE_PARTICIPANTS.join(', ') } },
  'participant-faults': { type: 'string', value: '<a,b>', desc: M.optParticipantFaults },
  unmasked: { type: 'boolean', desc: M.optUnmasked },
  'no-browser': { type: 'boolean', desc: M.optNoBrowser },
  reporter: { type: 'string', multiple: true, value: '<name,…>', desc: M.optReporter },
  role: { type: 'string', value: '<role>', desc: M.optRole, params: { roles: PARTICIPANT_ROLES.join(', ') } },
  port: { type: 'string', value: '<n>', desc: M.optPort, default: '7400' },
  host: { type: 'string', value: '<address>', desc: M.optHost, default: '127.0.0.1' },
  seed: { type: 'string', value: '<n>', desc: M.optSeed, default: '1' },
  start: { type: 'string', value: '<instant>', desc: M.optStart },
  'real-clock': { type: 'boolean', desc: M.optRealClock },
  tls: { type: 'boolean', desc: M.optTls },
  'control-port': { type: 'string', value: '<n>', desc: M.optControlPort },
  'control-host': { type: 'string', value: '<address>', desc: M.optControlHost, default: '127.0.0.1' },
  'client-ca': { type: 'string', value: '<ca.pem>', desc: M.optClientCa },
  'data-dir': { type: 'string', value: '<dir>', desc: M.optDataDir, default: '.polihon/serve' },
  provider: { type: 'string', value: '<url>', desc: M.optProvider },
  thorough: { type: 'boolean', desc: M.optThorough },
  plan: { type: 'boolean', desc: M.optPlan },
  emit: { type: 'string', value: 'k6|k6-operator', desc: M.optEmit },
  out: { type: 'string', value: '<dir>', desc: M.optOut, default: 'reports/k6' },
  parallelism: { type: 'string', value: '<n>', desc: M.optParallelism, default: '1' },
  namespace: { type: 'string', value: '<name>', desc: M.optNamespace },
  'runner-cpu': { type: 'string', value: '<cpu>', desc: M.optRunnerCpu },
  'runner-memory': { type: 'string', value: '<memory>', desc: M.optRunnerMemory },
  env: { type: 'string', multiple: true, value: '<K=V>', desc: M.optEnv },
  'max-duration': { type: 'string', value: '<duration>', desc: M.optMaxDuration },
  'max-requests': { type: 'string', value: '<n>', desc: M.optMaxRequests },
  soak: { type: 'string', value: '<duration>', desc: M.optSoak },
  serve: { type: 'boolean', desc: M.optServe },
  lang: { type: 'string', value: 'uk|en', desc: M.optLang },
  'no-color': { type: 'boolean', desc: M.optNoColor },
  help: { type: 'boolean', short: 'h', desc: M.optHelp },
  // polihon pki, run --mtls (issue 11 item 3)
  mtls: { type: 'boolean', desc: PKI.optMtls },
  subsystem: { type: 'string', value: '<instance/class/code/subsystem>', desc: PKI.optSubsystem },
  kind: { type: 'string', value: 'participant|user|security-server', desc: PKI.optKind, default: 'participant' },
  name: { type: 'string', value: '<common name>', desc: PKI.optName },
  days: { type: 'string', value: '<n>', desc: PKI.optDays, default: '365' },
  force: { type: 'boolean', desc: PKI.optForce },
  revoke: { type: 'string', value: '<cert.pem>', desc: PKI.optRevoke },
  // polihon certify, verify (docs/en/certification.md)
  key: { type: 'string', value: '<private-key.pem>', desc: CERT.optKey },
  trust: { type: 'string', value: '<public-key.pem>', desc: CERT.optTrust, default: '.polihon/certification/harness-key.pub.pem' },
  journal: { type: 'string', value: '<journal.jsonl>', desc: CERT.optJournal },
} as const satisfies Record<string, OptionDef>;

type OptionName = keyof typeof OPTIONS;
type ValueOf<D> = D extends { type: 'boolean' } ? boolean : D extends { multiple: true } ? string[] : string;
export type Values = { [K in OptionName]?: ValueOf<(typeof OPTIONS)[K]> };

/** What a command gets: its options' values, its positional arguments, and the language to speak. */
export interface Args {
  values: Values;
  positionals: string[];
  lang: Lang;
  /** aborted on Ctrl-C, SIGTERM or a closed stdout pipe (run, demo, load) */
  signal?: AbortSignal;
}

interface CommandSpec {
  summary: MessageRef;
  /** what follows the command name in the usage line */
  synopsis: (lang: Lang) => string;
  positionals: boolean;
  /** stops in order on Ctrl-C/SIGTERM/EPIPE: reports of what ran, exit 3 */
  interruptible?: boolean;
  /** an option, or one worded (and defaulted) this command's own way */
  options: readonly (OptionName | readonly [OptionName, MessageRef, Pick<OptionDef, 'default'>?])[];
  run(args: Args, out: Output): Promise<number>;
}

/** Options every command understands, listed last in each help. */
const COMMON: readonly OptionName[] = ['lang', 'no-color', 'help'];

const COMMANDS: Record<string, CommandSpec> = {
  run: {
    summary: M.cmdRun,
    synopsis: (l) => `${t(M.argPaths, l)} --sut <polihon.sut.yaml>`,
    positionals: true,
    options: ['sut', 'reports', 'reporter', 'settle', 'participant-faults', 'unmasked', ['seed', M.optRunSeed, { default: undefined }], 'thorough', 'no-browser', 'mtls'],
    interruptible: true,
    run: async (args, out) => (await import('./commands/run.ts')).runCommand(args, out),
  },
  demo: {
    summary: M.cmdDemo,
    synopsis: (l) => `${t(M.argPaths, l)} [--participant ${t(M.argName, l)}]`,
    positionals: true,
    options: ['participant', 'participant-faults', 'reports', 'reporter', 'settle', 'unmasked', ['seed', M.optDemoSeed], 'thorough', 'no-browser'],
    interruptible: true,
    run: async (args, out) => (await import('./commands/run.ts')).demoCommand(args, out),
  },
  validate: {
    summary: M.cmdValidate,
    synopsis: (l) => `${t(M.argPaths, l)} [--sut ${t(M.argFile, l)}]`,
    positionals: true,
    options: [['sut', M.optSutValidate]],
    run: async (args, out) => (await import('./commands/validate.ts')).validateCommand(args, out),
  },
  requirements: {
    summary: M.cmdRequirements,
    synopsis: (l) => `${t(M.argPaths, l)} [--role ${t(M.argRole, l)}]`,
    positionals: true,
    options: ['role'],
    run: async (args, out) => (await import('./commands/requirements.ts')).requirementsCommand(args, out),
  },
  participants: {
    summary: M.cmdParticipants,
    synopsis: () => '',
    positionals: false,
    options: [],
    run: async (args, out) => (await import('./commands/participants.ts')).participantsCommand(args, out),
  },
  serve: {
    summary: M.cmdServe,
    synopsis: (l) => `${t(M.argSimulators, l)} [--port <n>] [--tls]`,
    positionals: true,
    options: ['port', 'host', 'seed', 'start', 'real-clock', 'tls', 'client-ca', 'control-port', 'control-host', 'data-dir', 'provider'],
    run: async (args, out) => (await import('./commands/serve.ts')).serveCommand(args, out),
  },
  load: {
    summary: M.cmdLoad,
    synopsis: (l) => `${t(M.argProfile, l)} [--sut ${t(M.argFile, l)}]`,
    positionals: true,
    options: [
      ['sut', M.optSutLoad],
      'plan',
      'emit',
      'out',
      'parallelism',
      'namespace',
      'runner-cpu',
      'runner-memory',
      'env',
      'max-duration',
      'max-requests',
      'soak',
      'serve',
      'participant-faults',
      'reports',
      ['reporter', M.optReporterLoad],
    ],
    interruptible: true,
    run: async (args, out) => (await import('./commands/load.ts')).loadCommand(args, out),
  },
  journal: {
    summary: M.cmdJournal,
    synopsis: (l) => t(M.argJournal, l),
    positionals: true,
    options: [],
    run: async (args, out) => (await import('./commands/journal.ts')).journalCommand(args, out),
  },
  certify: {
    summary: CERT.cmdCertify,
    synopsis: () => '--sut <polihon.sut.yaml>',
    positionals: true,
    options: ['sut', 'reports', 'settle', 'key', ['participant-faults', CERT.optFaultsRefused]],
    interruptible: true,
    run: async (args, out) => (await import('./commands/certify.ts')).certifyCommand(args, out),
  },
  verify: {
    summary: CERT.cmdVerify,
    synopsis: (l) => t(CERT.argStatement, l),
    positionals: true,
    options: ['trust', 'journal'],
    run: async (args, out) => (await import('./commands/certify.ts')).verifyCommand(args, out),
  },
  pki: { summary: PKI.cmdPki, synopsis: (l) => t(PKI.argPki, l), positionals: true, options: ['subsystem', 'kind', 'name', 'days', ['out', PKI.optOut, { default: undefined }], 'force', 'revoke'], run: async (args, out) => (await import('./commands/pki.ts')).pkiCommand(args, out) },
};

export async function main(argv: string[], out: Output = createOutput()): Promise<number> {
  const lang = langOf(argv);
  try {
    const words = [...argv];
    // a leading --lang applies to what follows: `polihon --lang uk --help`
    while (words[0] === '--lang' || words[0]?.startsWith('--lang=')) words.splice(0, words[0] === '--lang' ? 2 : 1);
    const [command, ...rest] = words;
    if (command === '--version' || command === '-V') {
      out.stdout(`polihon ${VERSION}\n`);
      return EXIT.ok;
    }
    const unknown = (name: string) => {
      const near = suggest(name, Object.keys(COMMANDS));
      return new PolihonError('E_USAGE', t(M.unknownCommand, lang, { name }) + (near ? `: ${t(M.didYouMean, lang, { name: near })}` : ''), {
        hint: t(M.knownCommands, lang, { list: Object.keys(COMMANDS).join(', ') }),
      });
    };
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      const about = command === 'help' ? rest.find((w) => !w.startsWith('-')) : undefined;
      if (about !== undefined && !Object.hasOwn(COMMANDS, about)) throw unknown(about);
      out.stdout(about !== undefined ? commandHelp(about, lang) : generalHelp(lang));
      return command === undefined ? EXIT.invalidInput : EXIT.ok;
    }
    if (!Object.hasOwn(COMMANDS, command)) throw unknown(command);
    const spec = COMMANDS[command]!;
    const untilDashes = rest.indexOf('--') === -1 ? rest : rest.slice(0, rest.indexOf('--'));
    if (untilDashes.includes('--help') || untilDashes.includes('-h')) {
      out.stdout(commandHelp(command, lang));
      return EXIT.ok;
    }
    const parsed = parse(command, spec, rest, lang);
    if (!spec.interruptible) return await spec.run({ ...parsed, lang }, out);
    const interrupts = watchInterrupts(out, lang);
    try {
      return await spec.run({ ...parsed, lang, signal: interrupts.signal }, out);
    } finally {
      interrupts.dispose();
      // what an interrupted scenario left in flight must not keep the process: its reports are written by now
      if (interrupts.signal.aborted) setTimeout(() => process.exit(), 3_000).unref();
    }
  } catch (err) {
    const e = toPolihonError(err);
    out.stderr(e.format() + '\n');
    if (e.code === 'E_INTERNAL' && process.env.POLIHON_DEBUG) out.stderr(String((err as Error).stack) + '\n');
    return e.exitCode;
  }
}

/** The language asked for anywhere on the command line, else from the environment. */
function langOf(argv: string[]): Lang {
  const i = argv.indexOf('--lang');
  const flag = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length);
  return pickLang(flag);
}

function optionsOf(spec: CommandSpec): [OptionName, OptionDef][] {
  return [...spec.options, ...COMMON].map((o) => (typeof o === 'string' ? [o, OPTIONS[o]] : [o[0], { ...OPTIONS[o[0]], desc: o[1], ...o[2] }]));
}

function parse(command: string, spec: CommandSpec, argv: string[], lang: Lang): Omit<Args, 'lang'> {
  const defs = optionsOf(spec);
  const config = Object.fromEntries(
    defs.map(([name, d]) => [name, { type: d.type, ...(d.multiple ? { multiple: true } : {}), ...(d.short ? { short: d.short } : {}) }]),
  );
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, allowPositionals: spec.positionals, strict: true, options: config });
  } catch (err) {
    throw usageError(command, defs, err as Error & { code?: string }, lang);
  }
  const values = parsed.values as Values;
  if (values.lang !== undefined && values.lang !== 'uk' && values.lang !== 'en') {
    throw new PolihonError('E_USAGE', t(M.badLang, lang, { value: values.lang }), { hint: t(M.helpHint, lang, { command }) });
  }
  return { values, positionals: parsed.positionals };
}

/** parseArgs' complaint, said in the user's language with the command's own options and the nearest one. */
function usageError(command: string, defs: [OptionName, OptionDef][], err: Error & { code?: string }, lang: Lang): PolihonError {
  const quoted = /'([^']+)'/.exec(err.message)?.[1] ?? '';
  const names = defs.map(([n]) => `--${n}`);
  const hint = t(M.commandOptions, lang, { command, list: names.join(' ') }) + ` (${t(M.helpHint, lang, { command })})`;
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const option = quoted.split('=')[0]!;
      const near = option.startsWith('--') ? suggest(option, names) : undefined;
      return new PolihonError('E_USAGE', t(M.unknownOption, lang, { command, option }) + (near ? `: ${t(M.didYouMean, lang, { name: near })}` : ''), { hint });
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const option = quoted.split(' ')[0]!;
      const def = defs.find(([n, d]) => option === `--${n}` || (d.short !== undefined && option === `-${d.short}`))?.[1];
      return new PolihonError('E_USAGE', t(def?.type === 'boolean' ? M.optionTakesNoValue : M.optionNeedsValue, lang, { option }), { hint });
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new PolihonError('E_USAGE', t(M.noPositionals, lang, { command, arg: quoted }), { hint });
    default:
      return new PolihonError('E_USAGE', err.message, { hint });
  }
}

function generalHelp(lang: Lang): string {
  const names = Object.keys(COMMANDS);
  const lines = names.map((n) => `  polihon ${`${n} ${COMMANDS[n]!.synopsis(lang)}`.padEnd(44)} ${t(COMMANDS[n]!.summary, lang)}`);
  const common = optionsOf({ ...COMMANDS.participants!, options: [] });
  return [
    t(M.tagline, lang),
    '',
    `${t(M.usage, lang)}:`,
    ...lines,
    `  ${'polihon --version'.padEnd(52)} ${t(M.optVersion, lang)}`,
    '',
    `${t(M.commonOptions, lang)}:`,
    ...optionLines(common, lang),
    '',
    t(M.moreHelp, lang),
    t(M.exitCodes, lang),
    '',
  ].join('\n');
}

function commandHelp(command: string, lang: Lang): string {
  const spec = COMMANDS[command]!;
  return [
    `${t(M.usage, lang)}: polihon ${command}${spec.synopsis(lang) ? ` ${spec.synopsis(lang)}` : ''} [${t(M.options, lang).toLowerCase()}]`,
    '',
    t(spec.summary, lang),
    '',
    `${t(M.options, lang)}:`,
    ...optionLines(optionsOf(spec), lang),
    '',
    t(M.exitCodes, lang),
    '',
  ].join('\n');
}

function optionLines(defs: [OptionName, OptionDef][], lang: Lang): string[] {
  return defs.map(([name, d]) => {
    const head = `${d.short ? `-${d.short}, ` : ''}--${name}${d.value ? ` ${d.value}` : ''}${d.multiple ? ' …' : ''}`;
    const text = t(d.desc, lang, d.params ?? {}) + (d.default ? ` (${t(M.defaultIs, lang, { value: d.default })})` : '');
    return `  ${head.padEnd(28)} ${text}`;
  });
}
