// YAML parsing that keeps source positions, and zod validation whose every issue is reported at
// file:line:column with a hint. Used for scenarios and participant profiles alike.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { PolihonError, type ErrorCode, type PolihonIssue } from '../core/errors.ts';

export interface LocatedYaml {
  file: string;
  value: unknown;
  /** 'file:line:col' of the node at `path` (or of the nearest existing parent); `atKey` points at the last key itself */
  locate(path: readonly PropertyKey[], atKey?: boolean): string;
}

export function parseYamlLocated(text: string, file: string, code: ErrorCode = 'E_YAML_SYNTAX'): LocatedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return `${file}:${p.line}:${p.col}`;
  };
  if (doc.errors.length > 0) {
    throw new PolihonError(code, `${file} is not valid YAML`, {
      where: file,
      details: doc.errors.map((e) => ({
        where: at(e.pos[0]),
        message: e.message.split('\n')[0] ?? e.message,
        hint: e.code === 'DUPLICATE_KEY' ? 'each key may appear once in a mapping' : 'check the indentation and quoting on this line',
      })),
    });
  }
  return { file, value: doc.toJS({ maxAliasCount: 100 }), locate: (path, atKey = false) => at(offsetOf(doc, path, atKey)) };
}

function offsetOf(doc: Document, path: readonly PropertyKey[], atKey: boolean): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const [i, key] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) break;
      // point at the key for unknown/misspelled keys, at the value otherwise
      offset = (pair.key as Node).range?.[0] ?? offset;
      if (atKey && i === path.length - 1) break;
      node = pair.value;
      if ((node as Node | null)?.range) offset = (node as Node).range![0];
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      if ((node as Node | null)?.range) offset = (node as Node).range![0];
      else break;
    } else break;
  }
  return offset;
}

/** Turns zod issues into located, human messages with hints. */
export function zodIssues(error: z.ZodError, src: LocatedYaml, prefix: readonly PropertyKey[] = []): PolihonIssue[] {
  const out: PolihonIssue[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    const dotted = path.map(String).join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) {
        out.push({
          where: src.locate([...path, k], true),
          message: `unknown key '${k}' in ${dotted}`,
          hint: 'remove it or fix its spelling; unknown keys are rejected so typos cannot pass silently',
        });
      }
      continue;
    }
    out.push({ where: src.locate(path), message: `${dotted}: ${issue.message}`, ...hintFor(issue) });
  }
  return out;
}

function hintFor(issue: z.core.$ZodIssue): { hint?: string } {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return { hint: 'this field is required' };
  if (issue.code === 'invalid_value') return { hint: `allowed: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` };
  if (issue.code === 'invalid_union') return { hint: 'the value matches none of the accepted forms; see the JSON Schema in scenarios/scenario.schema.json' };
  return {};
}
