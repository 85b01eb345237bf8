// YAML parsing that keeps source positions, and zod validation whose every issue is reported at
// file:line:column with a hint. Used for scenarios, participant profiles and load profiles alike.
//
// Input here may be hostile or simply broken (generated files, binary files, alias bombs), so reading is bounded:
// at most INPUT_LIMITS.maxBytes per file, maxNodes nodes, maxDepth levels, and aliases that expand at most
// maxAliasCount-fold; every refusal is an invalid-input error (exit 2) at file:line:col, never a crash or a hang.
// All work is linear in the file: one parse, one walk, and position lookups that cost the depth of the path.
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { z } from 'zod';
import { PolihonError, type ErrorCode, type PolihonIssue } from '../core/errors.ts';
import { t } from '../core/i18n.ts';
import { INPUT } from './messages.ts';

export interface InputLimits {
  readonly maxBytes: number;
  readonly maxNodes: number;
  readonly maxDepth: number;
  readonly maxIssues: number;
  readonly maxAliasCount: number;
}

/** What one input file may hold. A real scenario is a few KB, a few hundred nodes, under 10 levels deep. */
export const INPUT_LIMITS: InputLimits = Object.freeze({
  /** bytes per file (1 MiB) */
  maxBytes: 1_048_576,
  /** YAML nodes per file (keys, values, list items) */
  maxNodes: 100_000,
  /** nesting of mappings and lists */
  maxDepth: 64,
  /** issues listed per error; the rest are counted */
  maxIssues: 100,
  /** how many times aliases may multiply the document (the `yaml` package's maxAliasCount) */
  maxAliasCount: 100,
});

export interface LocatedYaml {
  file: string;
  value: unknown;
  /** 'file:line:col' of the node at `path` (or of the nearest existing parent); `atKey` points at the last key itself */
  locate(path: readonly PropertyKey[], atKey?: boolean): string;
}

/**
 * Units of work done by parseYamlLocated and locate (nodes walked, map entries indexed, path steps followed). Only
 * the linearity test reads it: doubling an input must roughly double it, whatever the machine's speed.
 */
export const yamlWork = { units: 0 };

const en = (ref: Parameters<typeof t>[0], params?: Parameters<typeof t>[2]) => t(ref, 'en', params);

/** A value quoted in a message, cut so that a 900 KB key cannot make a 900 KB message. */
export function shortText(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max)}… (${s.length} characters)` : s;
}

/** An issue list's closing line that stands for `more` issues not listed. */
interface CountedIssue extends PolihonIssue {
  more?: number;
}

/** How many problems a (possibly capped) list stands for. */
export function issueCount(issues: readonly PolihonIssue[]): number {
  return issues.reduce((n, i) => n + ((i as CountedIssue).more ?? 1), 0);
}

/**
 * The first `limit` issues, and one more line counting the rest, so that a file with 100 000 mistakes is told in
 * a screenful instead of 100 000 lines. Lists already capped (one per file) merge into one capped list.
 */
export function capIssues(issues: readonly PolihonIssue[], where: string, limit: number = INPUT_LIMITS.maxIssues): PolihonIssue[] {
  const total = issueCount(issues);
  const listed = issues.filter((i) => (i as CountedIssue).more === undefined);
  if (total <= limit && listed.length === issues.length) return [...issues];
  const kept = listed.slice(0, limit);
  const more = total - kept.length;
  const summary: CountedIssue = { where, message: en(INPUT.moreIssues, { n: more }), hint: en(INPUT.moreIssuesHint, { limit }), more };
  return [...kept, summary];
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'directory';
  if (st.isFIFO()) return 'named pipe';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isSocket()) return 'socket';
  return 'special file';
}

export interface ReadInputOptions {
  /** how the file is named in messages (a path relative to the working folder) */
  shown?: string;
  /** the code of a refusal after the file was found (E_SCENARIO_INVALID, E_PROFILE_INVALID) */
  code?: ErrorCode;
  /** the hint when the file does not exist */
  notFoundHint?: string;
  /** the message when the file does not exist */
  notFoundMessage?: string;
  limits?: InputLimits;
}

/**
 * Reads a YAML input file as UTF-8 text, refusing — before anything is parsed — what is not a regular file, is
 * larger than the limit (checked on the open file, and again while reading, so a growing file or /dev/zero
 * behind a symlink cannot fill memory), holds a NUL byte, or is not UTF-8.
 */
export function readInputFile(path: string, options: ReadInputOptions = {}): string {
  const shown = options.shown ?? path;
  const code = options.code ?? 'E_SCENARIO_INVALID';
  const limits = options.limits ?? INPUT_LIMITS;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const errno = (err as NodeJS.ErrnoException).code;
    if (errno === 'ENOENT' || errno === 'ENOTDIR') {
      throw new PolihonError('E_FILE_NOT_FOUND', options.notFoundMessage ?? en(INPUT.notFound, { file: shown }), {
        where: shown,
        ...(options.notFoundHint ? { hint: options.notFoundHint } : {}),
      });
    }
    if (errno === 'EISDIR') throw new PolihonError(code, en(INPUT.notAFile, { file: shown, kind: 'directory' }), { where: shown, hint: en(INPUT.notAFileHint) });
    throw new PolihonError(code, en(INPUT.unreadable, { file: shown, reason: (err as Error).message }), { where: shown });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new PolihonError(code, en(INPUT.notAFile, { file: shown, kind: kindOf(st) }), { where: shown, hint: en(INPUT.notAFileHint) });
    const tooBig = (size: number | string) => new PolihonError(code, en(INPUT.tooBig, { file: shown, size, limit: limits.maxBytes }), { where: shown, hint: en(INPUT.tooBigHint) });
    if (st.size > limits.maxBytes) throw tooBig(st.size);
    const buf = Buffer.allocUnsafe(limits.maxBytes + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > limits.maxBytes) throw tooBig(`more than ${limits.maxBytes}`);
    }
    return decodeText(buf.subarray(0, length), shown, code);
  } catch (err) {
    if (err instanceof PolihonError) throw err;
    throw new PolihonError(code, en(INPUT.unreadable, { file: shown, reason: (err as Error).message }), { where: shown });
  } finally {
    closeSync(fd);
  }
}

/** UTF-8 text of `bytes`, or a located refusal naming the first NUL or the first byte that is not UTF-8. */
export function decodeText(bytes: Buffer, file: string, code: ErrorCode = 'E_SCENARIO_INVALID'): string {
  const at = (index: number) => {
    const lineStart = bytes.lastIndexOf(0x0a, index - 1) + 1;
    let line = 1;
    for (let i = bytes.indexOf(0x0a); i !== -1 && i < index; i = bytes.indexOf(0x0a, i + 1)) line++;
    // the column counts characters, as YAML positions do, over the valid part of the line
    const col = bytes.subarray(lineStart, index).toString('utf8').length + 1;
    return `${file}:${line}:${col}`;
  };
  const nul = bytes.indexOf(0);
  const bad = isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (nul !== -1 && (bad === -1 || nul < bad)) {
    const where = at(nul);
    throw new PolihonError(code, en(INPUT.nulByte), { where, details: [{ where, message: en(INPUT.nulByte), hint: en(INPUT.textHint) }] });
  }
  if (bad !== -1) {
    const message = en(INPUT.badUtf8, { byte: bytes[bad]!.toString(16).toUpperCase().padStart(2, '0') });
    const where = at(bad);
    throw new PolihonError(code, message, { where, details: [{ where, message, hint: en(INPUT.textHint) }] });
  }
  return bytes.toString('utf8');
}

/** Index of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629), or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

export function parseYamlLocated(text: string, file: string, code: ErrorCode = 'E_YAML_SYNTAX', limits: InputLimits = INPUT_LIMITS): LocatedYaml {
  if (text.length > limits.maxBytes && Buffer.byteLength(text) > limits.maxBytes) {
    throw new PolihonError(code, en(INPUT.tooBig, { file, size: Buffer.byteLength(text), limit: limits.maxBytes }), { where: file, hint: en(INPUT.tooBigHint) });
  }
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return `${file}:${Math.max(p.line, 1)}:${p.col}`;
  };
  const fail = (message: string, issues: PolihonIssue[]) =>
    new PolihonError(code, message, { where: issues[0]?.where ?? file, details: capIssues(issues, file, limits.maxIssues) });

  const nul = text.indexOf('\0');
  if (nul !== -1) {
    lineCounter.lineStarts.push(0);
    for (let i = text.indexOf('\n'); i !== -1 && i < nul; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
    throw fail(en(INPUT.nulByte), [{ where: at(nul), message: en(INPUT.nulByte), hint: en(INPUT.textHint) }]);
  }

  // uniqueKeys off: the `yaml` package checks each new key against every earlier key of its mapping, which is
  // quadratic in a mapping's size (a 320 KB mapping took 2 s); the walk below does the same check with a Set.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  yamlWork.units += 1;
  if (doc.errors.length > 0) {
    throw fail(
      en(INPUT.notYaml, { file }),
      doc.errors.map((e) =>
        /call stack/i.test(e.message)
          ? { where: at(e.pos[0]), message: en(INPUT.tooDeep, { limit: limits.maxDepth }), hint: en(INPUT.tooDeepHint) }
          : { where: at(e.pos[0]), message: shortText(e.message.split('\n')[0] ?? e.message, 200), hint: en(INPUT.syntaxHint) },
      ),
    );
  }
  if (doc.contents === null) {
    throw fail(en(INPUT.empty), [{ where: `${file}:1:1`, message: en(INPUT.empty), hint: en(INPUT.emptyHint) }]);
  }

  const walked = walk(doc, at, limits);
  if (walked.issues.length > 0) throw fail(walked.issues[0]!.message, walked.issues);

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (err) {
    // the `yaml` package refuses an alias that would multiply the document beyond maxAliasCount
    const where = walked.firstAlias === undefined ? file : at(walked.firstAlias);
    const message = /alias/i.test((err as Error).message) ? en(INPUT.aliasBomb, { n: walked.aliases }) : en(INPUT.tooDeep, { limit: limits.maxDepth });
    throw fail(message, [{ where, message, hint: en(/alias/i.test((err as Error).message) ? INPUT.aliasBombHint : INPUT.tooDeepHint) }]);
  }
  const index = new WeakMap<YAMLMap, Map<string, Pair>>();
  return { file, value, locate: (path, atKey = false) => at(offsetOf(doc, index, path, atKey)) };
}

/**
 * One iterative pass over the document (no recursion, so depth cannot overflow the stack): counts nodes, measures
 * depth, finds duplicate keys with a Set per mapping, and notes the aliases for the alias-bomb message.
 */
function walk(doc: Document, at: (offset: number) => string, limits: InputLimits) {
  const issues: PolihonIssue[] = [];
  let nodes = 0;
  let aliases = 0;
  let firstAlias: number | undefined;
  const stack: [unknown, number][] = [[doc.contents, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || node === undefined) continue;
    yamlWork.units += 1;
    const offset = (node as Node).range?.[0] ?? 0;
    if (++nodes > limits.maxNodes) {
      issues.push({ where: at(offset), message: en(INPUT.tooManyNodes, { limit: limits.maxNodes }), hint: en(INPUT.tooManyNodesHint) });
      break;
    }
    if (depth > limits.maxDepth && (isMap(node) || isSeq(node))) {
      issues.push({ where: at(offset), message: en(INPUT.tooDeep, { limit: limits.maxDepth }), hint: en(INPUT.tooDeepHint) });
      break;
    }
    if (isAlias(node)) {
      aliases++;
      firstAlias = Math.min(firstAlias ?? offset, offset);
    } else if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const keyAt = pair.key.range?.[0] ?? offset;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, keyAt);
        else issues.push({ where: at(keyAt), message: en(INPUT.duplicateKey, { key: shortText(key), line: lineOf(at(first)) }), hint: en(INPUT.duplicateKeyHint) });
      }
      // pushed last to first, so that nodes are visited in document order (the node over the limit is the one named)
      for (let i = node.items.length - 1; i >= 0; i--) {
        const pair = node.items[i]!;
        stack.push([pair.value, depth + 1], [pair.key, depth]);
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push([node.items[i], depth + 1]);
    }
  }
  return { issues: issues.sort((a, b) => a.where.localeCompare(b.where, 'en', { numeric: true })), aliases, firstAlias };
}

function lineOf(where: string): number {
  return Number(/:(\d+):\d+$/.exec(where)?.[1] ?? 1);
}

/** The offset of the node at `path`; each mapping is indexed once, on its first lookup, so a lookup costs the path's length. */
function offsetOf(doc: Document, index: WeakMap<YAMLMap, Map<string, Pair>>, path: readonly PropertyKey[], atKey: boolean): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const [i, key] of path.entries()) {
    yamlWork.units += 1;
    if (isMap(node)) {
      let keys = index.get(node);
      if (!keys) {
        keys = new Map();
        for (const p of node.items) {
          yamlWork.units += 1;
          if (isPair(p) && isScalar(p.key) && !keys.has(String(p.key.value))) keys.set(String(p.key.value), p);
        }
        index.set(node, keys);
      }
      const pair = keys.get(String(key));
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
    const dotted = shortText(path.map(String).join('.'), 120) || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) {
        out.push({
          where: src.locate([...path, k], true),
          message: `unknown key '${shortText(k)}' in ${dotted}`,
          hint: 'remove it or fix its spelling; unknown keys are rejected so typos cannot pass silently',
        });
      }
      continue;
    }
    out.push({ where: src.locate(path), message: `${dotted}: ${shortText(issue.message, 300)}`, ...hintFor(issue) });
  }
  return out;
}

function hintFor(issue: z.core.$ZodIssue): { hint?: string } {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return { hint: 'this field is required' };
  if (issue.code === 'invalid_value') return { hint: `allowed: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` };
  if (issue.code === 'invalid_union') return { hint: 'the value matches none of the accepted forms; see the JSON Schema in scenarios/scenario.schema.json' };
  return {};
}
