// The load section of index.html: inline SVG charts (no scripts, no libraries, works from file://) — throughput
// over time against the planned rate, latency percentiles (simulator and participant apart), the latency
// histogram, errors by kind, memory over a soak — and the threshold table. Its first line names the engine.
import type { PlanSegment } from '../../load/executors/types.ts';
import { ERROR_KINDS } from '../../load/metrics.ts';
import type { LoadReport } from '../../load/report.ts';
import { esc } from '../escape.ts';
import { both, render, type Msg, type Params } from '../../core/i18n.ts';
import { M } from '../../load/messages.ts';
import { describeHarness, verdictLine } from '../../load/report.ts';

type Ref = (typeof M)[keyof typeof M];

/** Both languages of a catalog message; the page's language switch shows one. */
const bi = (ref: Ref, params?: Params) => {
  const text = both(ref, params);
  return `<span lang="uk">${esc(text.uk)}</span><span lang="en">${esc(text.en)}</span>`;
};
const biMsg = (m: Msg) => `<span lang="uk">${esc(render(m, 'uk'))}</span><span lang="en">${esc(render(m, 'en'))}</span>`;
const T = M;

const OUTCOME: Record<LoadReport['run']['outcome'], { ref: Ref; cls: string }> = {
  pass: { ref: M.outcomePass, cls: 'pass' },
  fail: { ref: M.outcomeFail, cls: 'fail' },
  inconclusive: { ref: M.outcomeInconclusive, cls: 'warn' },
  error: { ref: M.outcomeError, cls: 'error' },
};
const STOPPED: Record<LoadReport['run']['stoppedBy'], Ref> = { completed: M.stoppedCompleted, 'max-requests': M.stoppedMaxRequests, aborted: M.stoppedAborted };

/** The run's outcome as a badge in both languages (an outcome this version does not know is shown as it is). */
export function outcomeBadge(r: LoadReport, big = false): string {
  const o = OUTCOME[r.run.outcome];
  return o ? `<span class="badge${big ? ' big' : ''} o-${o.cls}">${bi(o.ref)}</span>` : `<span class="badge${big ? ' big' : ''}">${esc(r.run.outcome)}</span>`;
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));

/** Styles the section needs beyond the report page's own. */
export const LOAD_STYLE = `
.load .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 18px; }
.load figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; background: var(--bg); }
.load figcaption { font-weight: 600; margin-bottom: 6px; }
.load svg { width: 100%; height: auto; display: block; }
.load svg text { fill: var(--muted); font-size: 11px; font-family: inherit; }
.load svg .axis { stroke: var(--line); }
.load svg .bar { fill: var(--link); } .load svg .bar.err { fill: var(--fail); } .load svg .bar.sim { fill: var(--pass); } .load svg .bar.par { fill: var(--warn); }
.load svg .plan { stroke: var(--muted); stroke-dasharray: 4 3; fill: none; }
.load svg .line-a { stroke: var(--link); fill: none; stroke-width: 1.5; } .load svg .line-b { stroke: var(--warn); fill: none; stroke-width: 1.5; }
.load .engine { font-weight: 600; }
.load details { margin-top: 6px; }
`;

interface Box {
  w: number;
  h: number;
  l: number;
  b: number;
}
const BOX: Box = { w: 480, h: 200, l: 44, b: 22 };

function frame(inner: string, yMax: number, yLabel: (v: number) => string, box = BOX): string {
  const ticks = [0, 0.5, 1].map((f) => {
    const y = box.h - box.b - f * (box.h - box.b - 8);
    return `<line class="axis" x1="${box.l}" x2="${box.w}" y1="${y}" y2="${y}"/><text x="${box.l - 4}" y="${y + 4}" text-anchor="end">${esc(yLabel(f * yMax))}</text>`;
  });
  return `<svg viewBox="0 0 ${box.w} ${box.h}" role="img">${ticks.join('')}${inner}</svg>`;
}

function plannedRateAt(segments: readonly PlanSegment[], tS: number): number | undefined {
  const ms = tS * 1000;
  const s = segments.find((x) => x.kind === 'arrival-rate' && ms >= x.fromMs && ms < x.toMs);
  if (!s || s.kind !== 'arrival-rate') return undefined;
  return s.startRate + ((s.endRate - s.startRate) * (ms - s.fromMs)) / (s.toMs - s.fromMs);
}

function throughputChart(r: LoadReport): string {
  const series = r.throughput.series;
  if (series.length === 0) return '<p>—</p>';
  const planned = series.map((b) => plannedRateAt(r.timeline.segments, b.t + 0.5));
  const yMax = Math.max(1, ...series.map((b) => b.requests), ...planned.map((p) => p ?? 0)) * 1.1;
  const plotW = BOX.w - BOX.l - 4;
  const bw = plotW / series.length;
  const y = (v: number) => BOX.h - BOX.b - (v / yMax) * (BOX.h - BOX.b - 8);
  const bars = series
    .map((b, i) => {
      const x = BOX.l + i * bw;
      const ok = `<rect class="bar" x="${x + 1}" y="${y(b.requests)}" width="${Math.max(1, bw - 2)}" height="${y(0) - y(b.requests)}"><title>${b.t}s: ${b.requests} req, ${b.errors} errors, mean ${b.meanMs} ms</title></rect>`;
      const err = b.errors ? `<rect class="bar err" x="${x + 1}" y="${y(b.errors)}" width="${Math.max(1, bw - 2)}" height="${y(0) - y(b.errors)}"/>` : '';
      return ok + err;
    })
    .join('');
  const pts = planned.map((p, i) => (p === undefined ? undefined : `${BOX.l + i * bw + bw / 2},${y(p)}`)).filter(Boolean);
  const plan = pts.length > 1 ? `<polyline class="plan" points="${pts.join(' ')}"/>` : '';
  const xLabels = [0, Math.floor((series.length - 1) / 2), series.length - 1]
    .filter((v, i, a) => a.indexOf(v) === i)
    .map((i) => `<text x="${BOX.l + i * bw + bw / 2}" y="${BOX.h - 6}" text-anchor="middle">${series[i]!.t}s</text>`)
    .join('');
  return frame(bars + plan + xLabels, yMax, (v) => fmt(v));
}

function hbars(rows: { label: string; values: { v: number; cls: string; title: string }[] }[], unit: string): string {
  const rowH = 22;
  const h = rows.length * rowH * Math.max(1, ...rows.map((r) => r.values.length)) + 10;
  const max = Math.max(1e-9, ...rows.flatMap((r) => r.values.map((v) => v.v)));
  const l = 90;
  const w = BOX.w - l - 70;
  let y = 4;
  const out: string[] = [];
  for (const r of rows) {
    out.push(`<text x="${l - 6}" y="${y + 14}" text-anchor="end">${esc(r.label)}</text>`);
    for (const v of r.values) {
      const bw = Math.max(1, (v.v / max) * w);
      out.push(`<rect class="bar ${v.cls}" x="${l}" y="${y + 3}" width="${bw}" height="${rowH - 8}"><title>${esc(v.title)}</title></rect>`);
      out.push(`<text x="${l + bw + 4}" y="${y + 15}">${esc(fmt(v.v))}${esc(unit)}</text>`);
      y += rowH;
    }
  }
  return `<svg viewBox="0 0 ${BOX.w} ${Math.max(h, y + 6)}" role="img">${out.join('')}</svg>`;
}

function percentileChart(r: LoadReport): string {
  const keys = ['p50', 'p90', 'p95', 'p99', 'max'] as const;
  return hbars(
    keys.map((k) => ({
      label: k,
      values: [
        { v: r.latency[k], cls: '', title: `${k} total ${r.latency[k]} ms` },
        ...(r.split && k !== 'max'
          ? [
              { v: r.split.simulator[k], cls: 'sim', title: `${k} simulator ${r.split.simulator[k]} ms` },
              { v: r.split.participant[k], cls: 'par', title: `${k} participant ${r.split.participant[k]} ms` },
            ]
          : []),
      ],
    })),
    ' ms',
  );
}

function histogramChart(r: LoadReport): string {
  const hs = r.latency.histogram;
  if (hs.length === 0) return '<p>—</p>';
  const yMax = Math.max(...hs.map((b) => b.count)) * 1.1;
  const bw = (BOX.w - BOX.l - 4) / hs.length;
  const y = (v: number) => BOX.h - BOX.b - (v / yMax) * (BOX.h - BOX.b - 8);
  const bars = hs
    .map((b, i) => {
      const x = BOX.l + i * bw;
      return (
        `<rect class="bar" x="${x + 1}" y="${y(b.count)}" width="${Math.max(1, bw - 2)}" height="${y(0) - y(b.count)}"><title>${b.fromMs}–${b.toMs} ms: ${b.count}</title></rect>` +
        `<text x="${x + bw / 2}" y="${BOX.h - 6}" text-anchor="middle">${esc(`<${b.toMs}`)}</text>`
      );
    })
    .join('');
  return frame(bars, yMax, (v) => fmt(v));
}

function errorsChart(r: LoadReport): string {
  const kinds = ERROR_KINDS.filter((k) => r.errors.byKind[k] > 0);
  if (kinds.length === 0) return `<p class="o-pass">${bi(T.noErrors)}</p>`;
  const chart = hbars(
    kinds.map((k) => ({ label: k, values: [{ v: r.errors.byKind[k], cls: 'err', title: `${k}: ${r.errors.byKind[k]}` }] })),
    '',
  );
  const samples = r.errors.samples.map((s) => `<li><code>${esc(s.kind)}</code> ×${s.count}: ${esc(s.message)}</li>`).join('');
  return `${chart}<details><summary>${bi(T.samples)}</summary><ul>${samples}</ul></details>`;
}

function memoryChart(r: LoadReport): string {
  const m = r.memory!;
  const yMax = Math.max(1, ...m.samples.map((s) => s.rssMb)) * 1.1;
  const tMax = Math.max(1, m.samples[m.samples.length - 1]?.t ?? 1);
  const x = (t: number) => BOX.l + (t / tMax) * (BOX.w - BOX.l - 4);
  const y = (v: number) => BOX.h - BOX.b - (v / yMax) * (BOX.h - BOX.b - 8);
  const line = (cls: string, f: (s: (typeof m.samples)[number]) => number) => `<polyline class="${cls}" points="${m.samples.map((s) => `${x(s.t)},${y(f(s))}`).join(' ')}"/>`;
  const labels = `<text x="${BOX.l}" y="${BOX.h - 6}">0s</text><text x="${BOX.w - 4}" y="${BOX.h - 6}" text-anchor="end">${tMax}s</text>`;
  return (
    frame(line('line-a', (s) => s.heapUsedMb) + line('line-b', (s) => s.rssMb) + labels, yMax, (v) => fmt(v)) +
    `<p>heapUsed / rss — ${bi(T.slope)} (${m.warmupS}s): <b>${m.slopeMbPerMin.heapUsed}</b> / <b>${m.slopeMbPerMin.rss}</b> MB/min</p>`
  );
}

function thresholdTable(r: LoadReport): string {
  if (r.thresholds.length === 0) return `<p>${bi(T.noThresholds)}</p>`;
  const rows = r.thresholds
    .map((t) => `<tr><td><code>${esc(t.expression)}</code></td><td class="mono">${esc(t.observedText)}</td><td><span class="badge o-${t.ok ? 'pass' : 'fail'}">${bi(t.ok ? T.pass : T.fail)}</span></td></tr>`)
    .join('');
  return `<table><thead><tr><th>${bi(T.expression)}</th><th>${bi(T.observed)}</th><th>${bi(T.verdict)}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Who was the limit: the rules that fired (or that none did), the verdict line and the harness figures. */
function limitsBlock(r: LoadReport): string {
  // a report written before 1.1 has no limits: say nothing rather than "none fired"
  if (!r.limits) return '';
  const findings = r.limits.findings.length
    ? `<ul>${r.limits.findings.map((f) => `<li class="o-warn">${biMsg(f.message)}</li>`).join('')}</ul>`
    : `<p>${bi(T.limitsNone)}</p>`;
  const figures = (['uk', 'en'] as const).map((lang) => `<span lang="${lang}">${describeHarness({ ...r, limits: { ...r.limits, findings: [] } }, lang).map(esc).join('<br>')}</span>`).join('');
  const verdict = (['uk', 'en'] as const).map((lang) => `<span lang="${lang}">${esc(verdictLine(r, lang))}</span>`).join('');
  return `<h3>${bi(T.limits)}</h3><p><b>${verdict}</b></p>${findings}<p class="mono">${figures}</p><p>${bi(T.rulesLink)}</p>`;
}

/** One load run as an HTML section; `id` makes anchors unique when a page has several. */
export function loadSection(r: LoadReport, id = 'load'): string {
  const it = r.iterations;
  const facts = [
    [T.profile, `<b>${esc(r.profile.name)}</b>${r.profile.file ? ` <span class="mono">${esc(r.profile.file)}</span>` : ''}`],
    [T.plan, esc(r.profile.summary)],
    [T.target, esc(r.profile.target)],
    [T.iterations, `${it.completed} ${bi(T.completed)} · ${it.dropped} ${bi(T.dropped)} · ${it.interrupted} ${bi(T.interrupted)} · ${r.throughput.rps} req/s · ≤${it.vusMax} VUs`],
    [T.stopped, STOPPED[r.run.stoppedBy] ? bi(STOPPED[r.run.stoppedBy]) : esc(r.run.stoppedBy)],
  ]
    .map(([k, v]) => `<div><dt>${bi(k as Ref)}</dt><dd>${v as string}</dd></div>`)
    .join('');
  const diffs = r.engine.differencesFromK6.map((d) => `<li>${esc(d)}</li>`).join('');
  return (
    `<section id="${esc(id)}" class="load"><h2>${bi(T.section)}: ${esc(r.profile.name)} ${outcomeBadge(r)}</h2>` +
    `<p class="engine">${bi(T.engine)}: ${bi(T.engineNote)}</p>` +
    `<details><summary>${bi(T.differences)}</summary><ul>${diffs}</ul></details>` +
    `<dl class="facts">${facts}</dl>` +
    `<h3>${bi(T.thresholds)}</h3>${thresholdTable(r)}` +
    limitsBlock(r) +
    `<div class="charts">` +
    `<figure><figcaption>${bi(T.throughput)}</figcaption><div>${bi(T.throughputTitle)}</div>${throughputChart(r)}</figure>` +
    `<figure><figcaption>${bi(T.percentiles)}</figcaption><div>${bi(T.all)}${r.split ? ` · <span class="o-pass">${bi(T.simulator)}</span> · <span class="o-warn">${bi(T.participant)}</span>` : ''}</div>${percentileChart(r)}</figure>` +
    `<figure><figcaption>${bi(T.histogram)}</figcaption>${histogramChart(r)}</figure>` +
    `<figure><figcaption>${bi(T.errorsByKind)}</figcaption>${errorsChart(r)}</figure>` +
    (r.memory ? `<figure><figcaption>${bi(T.memory)}</figcaption>${memoryChart(r)}</figure>` : '') +
    `</div></section>`
  );
}
