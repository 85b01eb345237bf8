// What a step made besides its assertions, as index.html shows it: screenshots inline (linked to the PNG beside the
// page, and said to be blurred when the run masks personal data), load reports and journal entries as links.
import { both, type Bi, type Params } from '../../core/i18n.ts';
import type { Artefact } from '../../core/results.ts';
import { esc } from '../../reporting/escape.ts';
import { UI } from './messages.ts';

const bi = (t: Bi) => `<span lang="uk">${esc(t.uk)}</span><span lang="en">${esc(t.en)}</span>`;
const say = (ref: (typeof UI)[keyof typeof UI], params?: Params) => bi(both(ref, params));

/** The step's artefacts as a block of the step's body; '' when it made none. */
export function artefactsHtml(artefacts: readonly Artefact[] | undefined, journalAnchor: (seq: number) => string): string {
  if (!artefacts?.length) return '';
  const items = artefacts.map((a) => {
    if (a.kind === 'file' && a.mediaType.startsWith('image/')) {
      const file = esc(a.file);
      return (
        `<figure class="shot"><a href="${file}"><img src="${file}" alt="${esc(a.name)}" loading="lazy" style="max-width:100%;height:auto;border:1px solid #8884"></a>` +
        `<figcaption><code>${esc(a.name)}</code> — ${say(a.masked ? UI.screenshotBlurred : UI.screenshotSharp)}</figcaption></figure>`
      );
    }
    if (a.kind === 'file') return `<div><a href="${esc(a.file)}"><code>${esc(a.name)}</code></a></div>`;
    if (a.kind === 'load-report') return `<div><a href="#load-${a.index + 1}">${say(UI.loadReportLink, { file: a.file })}</a></div>`;
    return `<div><a href="${esc(journalAnchor(a.journalRef))}">${say(UI.journalEntryLink, { seq: a.journalRef })}</a> <code>${esc(a.name)}</code></div>`;
  });
  return `<h4>${say(UI.artefacts)}</h4>${items.join('')}`;
}
