// `${...}` references in scenarios: `${people.olena.rnokpp}`, `${steps.declare.ref}`. A string that is one
// whole reference yields the referenced value itself (an object stays an object); otherwise it is interpolated.
import { PolihonError } from '../core/errors.ts';
import { msg } from '../core/i18n.ts';
import { X } from './messages.ts';

const REF = /\$\{\s*([A-Za-z_][\w-]*(?:\.[\w-]+)*)\s*\}/g;
const WHOLE = /^\$\{\s*([A-Za-z_][\w-]*(?:\.[\w-]+)*)\s*\}$/;

export function lookup(scope: Record<string, unknown>, path: string): { found: boolean; value: unknown } {
  let cur: unknown = scope;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(part in (cur as object))) return { found: false, value: undefined };
    cur = (cur as Record<string, unknown>)[part];
  }
  return { found: true, value: cur };
}

/** Resolves every reference inside `value` (deeply). Unknown references are a harness-input error. */
export function resolveRefs(value: unknown, scope: Record<string, unknown>, where = ''): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    const get = (path: string) => {
      const r = lookup(scope, path);
      if (!r.found) {
        throw new PolihonError('E_SCENARIO_REFERENCE', msg(X.nothing, { path }), { where, hint: msg(X.nothingHint) });
      }
      return r.value;
    };
    if (whole) return get(whole[1]!);
    return value.replace(REF, (_, path: string) => {
      const v = get(path);
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, scope, where));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, scope, where)]));
  }
  return value;
}

/** Every reference path inside `value`, for validation before anything runs. */
export function referencesIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') for (const m of value.matchAll(REF)) out.push(m[1]!);
  else if (Array.isArray(value)) for (const v of value) referencesIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) referencesIn(v, out);
  return out;
}
