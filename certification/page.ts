// statement.html: the statement for people, printable to PDF (A4, print CSS, no script). Ukrainian first and English
// under it in every label, both disclaimers in full: one printed page set serves a Ukrainian reviewer and a foreign
// one. It shows what statement.json holds and nothing else; statement.json and its signature are the evidence.
import { both, type Bi } from '../core/i18n.ts';
import type { RequirementInfo } from '../conformance/report-model.ts';
import { VERDICT } from '../conformance/reporters/messages.ts';
import { esc } from '../reporting/escape.ts';
import { H } from './messages.ts';
import type { Statement, StatementOutcome } from './statement.ts';

const STYLE = `
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.4 system-ui, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #111; margin: 0 auto; max-width: 190mm; padding: 12px; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1px solid #999; }
.en { color: #555; font-size: 0.92em; }
h1 .en, h2 .en { display: block; font-weight: normal; }
dl { display: grid; grid-template-columns: 55mm 1fr; gap: 1mm 4mm; margin: 0; }
dt { font-weight: 600; } dd { margin: 0; }
.mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.88em; word-break: break-all; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { border: 1px solid #bbb; padding: 1mm 2mm; text-align: left; vertical-align: top; }
thead { display: table-header-group; } tr { break-inside: avoid; }
.o-pass { color: #116611; } .o-fail, .o-error { color: #a00; font-weight: 600; } .o-skip, .o-warn, .o-not-covered, .o-informative { color: #775500; }
.disclaimer { border: 2px solid #333; padding: 3mm; margin: 4mm 0; }
.disclaimer p { margin: 0 0 2mm; }
footer { margin-top: 6mm; font-size: 9pt; color: #444; }
@media print { body { padding: 0; } a { color: inherit; text-decoration: none; } }
`;

/** A label: Ukrainian, and English under it. */
const bi = (t: Bi) => `${esc(t.uk)} <span class="en" lang="en">${esc(t.en)}</span>`;
const label = (ref: (typeof H)[keyof typeof H], params?: Parameters<typeof both>[1]) => bi(both(ref, params));
const mono = (s: string) => `<span class="mono">${esc(s)}</span>`;

function outcomeLabel(o: StatementOutcome): string {
  if (o === 'not-covered') return label(H.notCovered);
  if (o === 'informative') return label(H.informative);
  return bi(VERDICT[o].text);
}

export function statementHtml(s: Statement, requirements: readonly RequirementInfo[] = []): string {
  const text = new Map(requirements.map((r) => [r.id, r.text]));
  const row = (l: string, v: string) => `<dt>${l}</dt><dd>${v}</dd>`;
  const c = s.run.counts;
  const counts = (['pass', 'fail', 'error', 'skip', 'warn'] as const)
    .filter((o) => c[o] > 0)
    .map((o) => `${bi(VERDICT[o].text)} ${c[o]}`)
    .join(' · ');
  const verdictRows = s.verdicts
    .map((v) => {
      const t = text.get(v.requirement);
      return (
        `<tr><td>${mono(v.requirement)}</td><td>${t ? `${esc(t.uk)}<div class="en" lang="en">${esc(t.en)}</div>` : ''}</td>` +
        `<td class="o-${esc(v.outcome)}">${outcomeLabel(v.outcome)}</td><td class="mono">${esc(v.scenarios.join(', '))}</td></tr>`
      );
    })
    .join('\n');
  const files = s.scenarioSet.files.map((f) => `<tr><td class="mono">${esc(f.file)}</td><td class="mono">${esc(f.sha256)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="uk">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="polihon ${esc(s.tool.version)}">
<title>${esc(both(H.title).uk)} · ${esc(s.participant.name)} ${esc(s.participant.version)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${label(H.title)}</h1>
<div class="disclaimer"><p>${esc(s.disclaimer.uk)}</p><p class="en" lang="en">${esc(s.disclaimer.en)}</p></div>
<dl>
${row(label(H.participant), esc(s.participant.name))}
${row(label(H.version), mono(s.participant.version))}
${row(label(H.xroadId), mono(s.participant.xroadId))}
${row(label(H.edrpou), mono(s.participant.edrpou))}
${row(label(H.roles), mono(s.participant.roles.join(', ')))}
${row(label(H.outcome), `<b class="o-${esc(s.run.outcome)}">${bi(VERDICT[s.run.outcome].text)}</b>`)}
${row(label(H.counts), counts || '—')}
${row(label(H.run), mono(s.run.id))}
${row(label(H.period), `${mono(s.run.startedAt)} — ${mono(s.run.finishedAt)}`)}
${row(label(H.tool), mono(`${s.tool.name} ${s.tool.version}`))}
${row(label(H.issued), mono(s.issuedAt))}
</dl>
<h2>${label(H.verdicts)}</h2>
<table><thead><tr><th>${label(H.requirement)}</th><th>${label(H.rule)}</th><th>${label(H.outcome)}</th><th>${label(H.scenarios)}</th></tr></thead>
<tbody>
${verdictRows}
</tbody></table>
<h2>${label(H.set)}</h2>
<p>${label(H.setFiles, { n: s.scenarioSet.files.length })}: ${mono(s.scenarioSet.hash)} (${mono(s.scenarioSet.lock)})</p>
<table><tbody>
${files}
</tbody></table>
<h2>${label(H.journal)}</h2>
<p>${label(H.journalLine, { file: s.journal.file, n: s.journal.entries, head: s.journal.head, sha256: s.journal.sha256 })}</p>
<h2>${label(H.signature)}</h2>
<p>${label(H.signatureLine, { alg: s.signature.alg, kid: s.signature.kid, file: s.signature.file })}</p>
<footer>${label(H.howToVerify)}</footer>
</body>
</html>
`;
}
