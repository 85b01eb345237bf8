// Reads a V8 CPU profile (`node --cpu-prof` writes *.cpuprofile) into the figures docs/performance.md quotes: the
// share of the busy time spent in each function itself (self), under each function (inclusive: every sample whose
// stack holds it, counted once however deep the recursion), and in each area (a file of ours, a package, a part of
// Node, the garbage collector). Idle time is left out of every share.
//   npx tsx bench/cpuprofile.ts <file.cpuprofile> [--top 25] [--match simulators/,core/]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number; scriptId?: string };
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  /** µs since the previous sample, one per sample */
  timeDeltas?: number[];
}

export interface ProfileRow {
  /** 'name (where:line)' */
  key: string;
  name: string;
  /** the area (see areaOf) */
  area: string;
  ms: number;
  /** of the busy (non-idle) time */
  share: number;
}

export interface ProfileSummary {
  /** sampled wall ms in all, idle included */
  totalMs: number;
  idleMs: number;
  busyMs: number;
  self: ProfileRow[];
  inclusive: ProfileRow[];
  areas: { area: string; ms: number; share: number }[];
}

/**
 * Where a frame's code lives, in words: a file of this repository ('simulators/trembita/soap.ts'), a package
 * ('hono', '@hono/node-server'), Node's fetch ('undici (fetch)'), another part of Node ('node:internal/streams'),
 * or V8's own pseudo-frames ('(garbage collector)', '(program)', '(idle)').
 */
export function areaOf(url: string, functionName: string, root: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  let u = url;
  if (u.startsWith('file://')) u = decodeURIComponent(u.slice('file://'.length));
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = u.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (u.startsWith('node:internal/deps/undici')) return 'undici (fetch)';
  if (u.startsWith('node:internal/deps/')) return u.split('/').slice(0, 3).join('/');
  if (u.startsWith('node:internal/')) {
    const parts = u.split('/');
    return parts.length > 2 ? parts.slice(0, 2).join('/') : u.replace(/\.js$/, '');
  }
  if (u.startsWith('node:')) return u;
  const prefix = root.endsWith('/') ? root : `${root}/`;
  if (u.startsWith(prefix)) return u.slice(prefix.length);
  return u;
}

/** Self, inclusive and per-area time of a profile; `root` is the repository's path, to name its files short. */
export function summariseCpuProfile(profile: CpuProfile, root: string): ProfileSummary {
  const byId = new Map<number, CpuProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) byId.set(n.id, n);
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = new Map<number, { key: string; name: string; area: string }>();
  const infoOf = new Map<string, { name: string; area: string }>();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const name = f.functionName || '(anonymous)';
    const area = areaOf(f.url, name, root);
    // files tsx compiled report line 0 (the position in its output): the name and the file say enough there
    const where = f.url && f.lineNumber > 0 ? `${area}:${f.lineNumber + 1}` : area;
    const key = name.startsWith('(') && !f.url ? name : `${name} (${where})`;
    keyOf.set(n.id, { key, name, area });
    infoOf.set(key, { name, area });
  }
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  let idle = 0;
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    // a sample's time is the gap to the next one (V8 stamps a sample when it is taken)
    const us = deltas[i + 1] ?? 0;
    const ms = Math.max(0, us) / 1000;
    total += ms;
    const id = samples[i]!;
    const k = keyOf.get(id);
    if (!k) continue;
    if (k.key === '(idle)') {
      idle += ms;
      continue;
    }
    self.set(k.key, (self.get(k.key) ?? 0) + ms);
    areas.set(k.area, (areas.get(k.area) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = keyOf.get(at)!.key;
      if (key === '(root)' || seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  const busy = total - idle;
  const rows = (m: Map<string, number>): ProfileRow[] =>
    [...m.entries()]
      .map(([key, ms]) => ({ key, ...infoOf.get(key)!, ms, share: busy > 0 ? ms / busy : 0 }))
      .sort((a, b) => b.ms - a.ms);
  return {
    totalMs: total,
    idleMs: idle,
    busyMs: busy,
    self: rows(self),
    inclusive: rows(inclusive),
    areas: [...areas.entries()].map(([area, ms]) => ({ area, ms, share: busy > 0 ? ms / busy : 0 })).sort((a, b) => b.ms - a.ms),
  };
}

function main(argv: string[]): number {
  const file = argv.find((a) => !a.startsWith('--') && !/^\d+$/.test(a) && !a.includes(','));
  const topAt = argv.indexOf('--top');
  const top = topAt >= 0 ? Number(argv[topAt + 1]) : 25;
  const matchAt = argv.indexOf('--match');
  const match = matchAt >= 0 ? (argv[matchAt + 1] ?? '').split(',').filter(Boolean) : [];
  if (!file) {
    process.stderr.write('usage: npx tsx bench/cpuprofile.ts <file.cpuprofile> [--top 25] [--match simulators/,core/]\n');
    return 2;
  }
  const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
  const s = summariseCpuProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, root);
  const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)} %`;
  const line = (r: { ms: number; share: number }, label: string) => `${pct(r.share)} ${r.ms.toFixed(0).padStart(7)} ms  ${label}`;
  process.stdout.write(`${file}: ${s.totalMs.toFixed(0)} ms sampled, ${s.idleMs.toFixed(0)} ms idle, ${s.busyMs.toFixed(0)} ms busy (shares are of the busy time)\n`);
  process.stdout.write('\nby area (self time):\n');
  for (const a of s.areas.slice(0, top)) process.stdout.write(`${line(a, a.area)}\n`);
  process.stdout.write('\nself time, top functions:\n');
  for (const r of s.self.slice(0, top)) process.stdout.write(`${line(r, r.key)}\n`);
  const inclusive = match.length ? s.inclusive.filter((r) => match.some((m) => r.area.startsWith(m))) : s.inclusive;
  process.stdout.write(`\ninclusive time (the function and all it calls)${match.length ? `, ${match.join(' ')} only` : ''}:\n`);
  for (const r of inclusive.slice(0, top)) process.stdout.write(`${line(r, r.key)}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
