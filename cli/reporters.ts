// `--reporter`: the names given, checked against a command's registry before anything runs.
import { PolihonError } from '../core/errors.ts';
import { t, type Lang } from '../core/i18n.ts';
import { reporterNames, type Named, type Registry } from '../reporting/registry.ts';
import { M } from './messages.ts';
import { suggest } from './suggest.ts';

/**
 * The reporters `--reporter` names (every one when it is not given); an unknown or empty name is a usage error
 * listing the known ones (exit 2).
 */
export function chooseReporters<R extends Named>(values: readonly string[] | undefined, registry: Registry<R>, command: string, lang: Lang): string[] | undefined {
  const names = reporterNames(values);
  if (names === undefined) return values === undefined ? undefined : badName('', registry, command, lang);
  if (names.length === 0) return badName('', registry, command, lang);
  const [unknown] = registry.unknown(names);
  if (unknown !== undefined) return badName(unknown, registry, command, lang);
  return names;
}

function badName(name: string, registry: Registry<Named>, command: string, lang: Lang): never {
  const near = name ? suggest(name, registry.names) : undefined;
  throw new PolihonError('E_USAGE', t(M.unknownReporter, lang, { name }) + (near ? `: ${t(M.didYouMean, lang, { name: near })}` : ''), {
    hint: t(M.knownReporters, lang, { command, list: registry.names.join(', ') }),
  });
}
