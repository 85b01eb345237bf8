// Harness errors: every one has a stable code, a message that names the thing, and a hint on how to fix it.
// An error here means polihon or its input broke, never that the participant did (that is a `fail`).
import { msg, render, t, type Lang, type Msg } from './i18n.ts';
import { ERROR_TEXT, ERROR_TITLES } from './messages.ts';

/** Process exit codes, one table for the whole CLI (docs/en/guide.md §10). */
export const EXIT = {
  ok: 0,
  conformanceFailures: 1,
  invalidInput: 2,
  harnessError: 3,
  loadThresholds: 99,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Stable error codes. Never renumber or rename: users grep for them and CI logs quote them. `title` is the English
 * title (kept for older callers); `titles` has both languages, from the catalog (core/messages.ts).
 */
export const ERROR_CODES = {
  E_YAML_SYNTAX: { exit: EXIT.invalidInput, title: ERROR_TITLES.E_YAML_SYNTAX.text.en, titles: ERROR_TITLES.E_YAML_SYNTAX.text },
  E_SCENARIO_INVALID: { exit: EXIT.invalidInput, title: ERROR_TITLES.E_SCENARIO_INVALID.text.en, titles: ERROR_TITLES.E_SCENARIO_INVALID.text },
  E_SCENARIO_REFERENCE: { exit: EXIT.invalidInput, title: ERROR_TITLES.E_SCENARIO_REFERENCE.text.en, titles: ERROR_TITLES.E_SCENARIO_REFERENCE.text },
  E_PROFILE_INVALID: { exit: EXIT.invalidInput, title: ERROR_TITLES.E_PROFILE_INVALID.text.en, titles: ERROR_TITLES.E_PROFILE_INVALID.text },
  E_USAGE: { exit: EXIT.invalidInput, title: ERROR_TITLES.E_USAGE.text.en, titles: ERROR_TITLES.E_USAGE.text },
  E_FILE_NOT_FOUND: { exit: EXIT.invalidInput, title: ERROR_TITLES.E_FILE_NOT_FOUND.text.en, titles: ERROR_TITLES.E_FILE_NOT_FOUND.text },
  E_UNKNOWN_REQUIREMENT: { exit: EXIT.invalidInput, title: ERROR_TITLES.E_UNKNOWN_REQUIREMENT.text.en, titles: ERROR_TITLES.E_UNKNOWN_REQUIREMENT.text },
  E_SUT_START: { exit: EXIT.harnessError, title: ERROR_TITLES.E_SUT_START.text.en, titles: ERROR_TITLES.E_SUT_START.text },
  E_SUT_CRASHED: { exit: EXIT.harnessError, title: ERROR_TITLES.E_SUT_CRASHED.text.en, titles: ERROR_TITLES.E_SUT_CRASHED.text },
  E_SUT_UNREACHABLE: { exit: EXIT.harnessError, title: ERROR_TITLES.E_SUT_UNREACHABLE.text.en, titles: ERROR_TITLES.E_SUT_UNREACHABLE.text },
  E_DRIVER: { exit: EXIT.harnessError, title: ERROR_TITLES.E_DRIVER.text.en, titles: ERROR_TITLES.E_DRIVER.text },
  E_CONTAINER_RUNTIME: { exit: EXIT.harnessError, title: ERROR_TITLES.E_CONTAINER_RUNTIME.text.en, titles: ERROR_TITLES.E_CONTAINER_RUNTIME.text },
  E_PORT: { exit: EXIT.harnessError, title: ERROR_TITLES.E_PORT.text.en, titles: ERROR_TITLES.E_PORT.text },
  E_STEP_TIMEOUT: { exit: EXIT.harnessError, title: ERROR_TITLES.E_STEP_TIMEOUT.text.en, titles: ERROR_TITLES.E_STEP_TIMEOUT.text },
  E_INTERNAL: { exit: EXIT.harnessError, title: ERROR_TITLES.E_INTERNAL.text.en, titles: ERROR_TITLES.E_INTERNAL.text },
  E_INTERRUPTED: { exit: EXIT.harnessError, title: ERROR_TITLES.E_INTERRUPTED.text.en, titles: ERROR_TITLES.E_INTERRUPTED.text },
  E_JOURNAL_UNREADABLE: { exit: EXIT.harnessError, title: ERROR_TITLES.E_JOURNAL_UNREADABLE.text.en, titles: ERROR_TITLES.E_JOURNAL_UNREADABLE.text },
  E_BROWSER: { exit: EXIT.harnessError, title: ERROR_TITLES.E_BROWSER.text.en, titles: ERROR_TITLES.E_BROWSER.text },
  E_STATEMENT_UNREADABLE: { exit: EXIT.invalidInput, title: ERROR_TITLES.E_STATEMENT_UNREADABLE.text.en, titles: ERROR_TITLES.E_STATEMENT_UNREADABLE.text },
} as const satisfies Record<string, { exit: ExitCode; title: string; titles: { uk: string; en: string } }>;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface PolihonErrorOptions {
  /** plain English, or a catalog message that reports show in their reader's language */
  hint?: string | Msg;
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
  /** English, as `message` is */
  readonly hint: string | undefined;
  /** the message and hint as catalog messages, when the thrower gave them so (reports render them per language) */
  readonly msg: Msg | undefined;
  readonly hintMsg: Msg | undefined;
  readonly where: string | undefined;
  readonly details: readonly PolihonIssue[];

  constructor(code: ErrorCode, message: string | Msg, options: PolihonErrorOptions = {}) {
    super(typeof message === 'string' ? message : render(message, 'en'), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PolihonError';
    this.code = code;
    this.msg = typeof message === 'string' ? undefined : message;
    this.hintMsg = typeof options.hint === 'object' ? options.hint : undefined;
    this.hint = typeof options.hint === 'object' ? render(options.hint, 'en') : options.hint;
    this.where = options.where;
    this.details = options.details ?? [];
  }

  get exitCode(): ExitCode {
    return ERROR_CODES[this.code].exit;
  }

  /** The message in one language: the carried one when given, else the English text. */
  messageIn(lang: Lang): string {
    return this.msg ? render(this.msg, lang) : this.message;
  }

  hintIn(lang: Lang): string | undefined {
    return this.hintMsg ? render(this.hintMsg, lang) : this.hint;
  }

  /** Multi-line text for a terminal: the code, where, the message, each issue, and the hint. */
  format(lang: Lang = 'en'): string {
    const hint = t(ERROR_TEXT.hint, lang);
    const lines = [`${this.code}${this.where ? ` ${this.where}` : ''}: ${this.messageIn(lang)}`];
    for (const d of this.details) {
      lines.push(`  ${d.where}: ${d.message}${d.hint ? `\n    ${hint}: ${d.hint}` : ''}`);
    }
    const own = this.hintIn(lang);
    if (own) lines.push(`  ${hint}: ${own}`);
    return lines.join('\n');
  }
}

/** Wraps anything thrown into a PolihonError, so unexpected bugs still surface as `error`, with a code. */
export function toPolihonError(err: unknown): PolihonError {
  if (err instanceof PolihonError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new PolihonError('E_INTERNAL', message, { cause: err, hint: msg(ERROR_TEXT.internalHint) });
}
