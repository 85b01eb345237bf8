// index.html's block for a certification run (`polihon certify`): which official set ran, where the signed
// statement is and how to check it. Shown only when the report says the run was one; a plain run's page is unchanged.
import { both, type Bi, type Params } from '../../core/i18n.ts';
import { esc } from '../../reporting/escape.ts';
import type { CertificationInfo } from '../report-model.ts';
import { UI } from './messages.ts';

const bi = (t: Bi) => `<span lang="uk">${esc(t.uk)}</span><span lang="en">${esc(t.en)}</span>`;
const say = (ref: (typeof UI)[keyof typeof UI], params?: Params) => bi(both(ref, params));
const fact = (label: string, value: string) => `<div><dt>${label}</dt><dd>${value}</dd></div>`;

/** The section, or '' for a run that was not a certification run. */
export function certificationSection(c: CertificationInfo | undefined): string {
  if (!c) return '';
  const facts = [
    fact(say(UI.certSet), `<span class="mono" title="${esc(c.setHash)}">${esc(c.setHash.slice(0, 16))}…</span> · ${say(UI.certSetValue, { n: c.files, lock: c.lock })}`),
    fact(say(UI.certStatement), `<a href="${esc(c.statement)}"><code>${esc(c.statement)}</code></a> · <a href="${esc(c.html)}"><code>${esc(c.html)}</code></a> (${say(UI.certPrint)})`),
    fact(say(UI.certSignature), `<a href="${esc(c.signature)}"><code>${esc(c.signature)}</code></a> · <span class="mono">${say(UI.certKey, { alg: c.alg, kid: c.keyId })}</span>`),
    fact(say(UI.certVerify), `<code>polihon verify ${esc(c.statement)} --trust &lt;public-key.pem&gt;</code>`),
  ];
  return (
    `<section id="certification"><h2>${say(UI.certification)}</h2><dl class="facts">${facts.join('')}</dl>` +
    `<p class="meta">${say(UI.certNoFaults)}. ${say(UI.certEvidence)}</p></section>`
  );
}
