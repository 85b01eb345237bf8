// Harness errors: every one has a stable code, a message that names the thing, and a hint on how to fix it.
// An error here means polihon or its input broke, never that the participant did (that is a `fail`).

/** Process exit codes, one table for the whole CLI (DESIGN §9). */
export const EXIT = {
  ok: 0,
  conformanceFailures: 1,
  invalidInput: 2,
  harnessError: 3,
  loadThresholds: 99,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Stable error codes. Never renumber or rename: users grep for them and CI logs quote them. */
export const ERROR_CODES = {
  E_YAML_SYNTAX: { exit: EXIT.invalidInput, title: 'YAML syntax error' },
  E_SCENARIO_INVALID: { exit: EXIT.invalidInput, title: 'scenario does not match the schema' },
  E_SCENARIO_REFERENCE: { exit: EXIT.invalidInput, title: 'scenario refers to something that does not exist' },
  E_PROFILE_INVALID: { exit: EXIT.invalidInput, title: 'participant profile is invalid' },
  E_USAGE: { exit: EXIT.invalidInput, title: 'command line usage' },
  E_FILE_NOT_FOUND: { exit: EXIT.invalidInput, title: 'file not found' },
  E_UNKNOWN_REQUIREMENT: { exit: EXIT.invalidInput, title: 'unknown requirement id' },
  E_SUT_START: { exit: EXIT.harnessError, title: 'participant did not start' },
  E_SUT_CRASHED: { exit: EXIT.harnessError, title: 'participant process exited' },
  E_SUT_UNREACHABLE: { exit: EXIT.harnessError, title: 'participant does not answer' },
  E_DRIVER: { exit: EXIT.harnessError, title: 'participant test driver failed' },
  E_CONTAINER_RUNTIME: { exit: EXIT.harnessError, title: 'no container runtime' },
  E_PORT: { exit: EXIT.harnessError, title: 'could not listen on a port' },
  E_STEP_TIMEOUT: { exit: EXIT.harnessError, title: 'a step ran out of real time' },
  E_INTERNAL: { exit: EXIT.harnessError, title: 'internal error in polihon' },
  E_INTERRUPTED: { exit: EXIT.harnessError, title: 'the run was interrupted (Ctrl-C or SIGTERM)' },
} as const satisfies Record<string, { exit: ExitCode; title: string }>;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface PolihonErrorOptions {
  hint?: string;
  /** where the problem is: 'scenarios/dms/a.yaml:12:5', 'polihon.sut.yaml', 'POST /dms/v1/acts' */
  where?: string;
  cause?: unknown;
  details?: readonly PolihonIssue[];
}

/** One located problem, for errors that collect many (validation returns every issue, not the first). */
export interface PolihonIssue {
  where: string;
  message: string;
  hint?: string;
}

export class PolihonError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly where: string | undefined;
  readonly details: readonly PolihonIssue[];

  constructor(code: ErrorCode, message: string, options: PolihonErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PolihonError';
    this.code = code;
    this.hint = options.hint;
    this.where = options.where;
    this.details = options.details ?? [];
  }

  get exitCode(): ExitCode {
    return ERROR_CODES[this.code].exit;
  }

  /** Multi-line text for a terminal: the code, where, the message, each issue, and the hint. */
  format(): string {
    const lines = [`${this.code}${this.where ? ` ${this.where}` : ''}: ${this.message}`];
    for (const d of this.details) {
      lines.push(`  ${d.where}: ${d.message}${d.hint ? `\n    hint: ${d.hint}` : ''}`);
    }
    if (this.hint) lines.push(`  hint: ${this.hint}`);
    return lines.join('\n');
  }
}

/** Wraps anything thrown into a PolihonError, so unexpected bugs still surface as `error`, with a code. */
export function toPolihonError(err: unknown): PolihonError {
  if (err instanceof PolihonError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new PolihonError('E_INTERNAL', message, {
    cause: err,
    hint: 'This is a bug in polihon or its environment, not in the participant. Re-run with POLIHON_DEBUG=1 for the stack and report it.',
  });
}
