// Reporters by name. Every output of a run — the terminal's progress, report.json, junit.xml, index.html,
// journal.jsonl, load.json — is a reporter in a registry, chosen with `--reporter <name>[,<name>…]` as vitest,
// mocha and k6 choose theirs (docs/decisions/0008-reporters.md). Each gets one read-only report that was already
// masked, once, before any of them saw it; none masks or changes anything itself.

/** What every reporter has: the name `--reporter` calls it by. */
export interface Named {
  readonly name: string;
}

export interface Registry<R extends Named> {
  /** every reporter, in the order they run */
  readonly all: readonly R[];
  /** the names, for help and for the error an unknown one gets */
  readonly names: readonly string[];
  /** the reporters of these names, in registry order; every one when `names` is undefined */
  pick(names?: readonly string[]): R[];
  /** the names of `names` that no reporter has */
  unknown(names: readonly string[]): string[];
}

/** A registry of `list`; two reporters of one name are a programming error, found at startup. */
export function defineRegistry<R extends Named>(list: readonly R[]): Registry<R> {
  const names = list.map((r) => r.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new Error(`two reporters are called '${twice}'`);
  return {
    all: list,
    names,
    pick: (chosen) => (chosen === undefined ? [...list] : list.filter((r) => chosen.includes(r.name))),
    unknown: (chosen) => chosen.filter((n) => !names.includes(n)),
  };
}

/**
 * The names given with a repeatable `--reporter` whose values may be comma lists (`--reporter json,junit
 * --reporter html`): trimmed, empty ones dropped, each once. Undefined when the option was not given.
 */
export function reporterNames(values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  return [...new Set(values.flatMap((v) => v.split(',')).map((n) => n.trim()).filter(Boolean))];
}

/** Freezes `value` and everything it holds, so a reporter that tries to change the report throws. */
export function deepFreeze<T>(value: T): Readonly<T> {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
