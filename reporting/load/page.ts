// index.html of a standalone `polihon load` run: the load section in the report page's frame (same style,
// same language switch). The first line under the title names the engine that ran.
import type { LoadReport } from '../../load/report.ts';
import { esc } from '../escape.ts';
import { HTML_SCRIPT, HTML_STYLE } from '../html-assets.ts';
import { LOAD_STYLE, loadSection, outcomeBadge } from './section.ts';
import { M } from '../../load/messages.ts';

export function toLoadHtml(r: Readonly<LoadReport>): string {
  const title = `${M.reportTitle.text.uk} · ${M.reportTitle.text.en} · ${r.profile.name} · ${r.run.id}`;
  return `<!doctype html>
<html lang="uk" data-lang="uk">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="polihon ${esc(r.tool.version)}">
<title>${esc(title)}</title>
<style>${HTML_STYLE}${LOAD_STYLE}</style>
</head>
<body>
<header class="top"><div class="lang-switch"><button type="button" data-set-lang="uk">Українська</button><button type="button" data-set-lang="en">English</button></div>
<h1><span lang="uk">${esc(M.reportTitle.text.uk)}</span><span lang="en">${esc(M.reportTitle.text.en)}</span> ${outcomeBadge(r, true)}</h1>
<div class="sub">engine: ${esc(r.engine.name)} · ${esc(r.profile.name)} · <span class="mono">${esc(r.run.id)}</span> · exit ${r.run.exitCode}</div></header>
<main>
${loadSection(r)}
</main>
<footer>polihon ${esc(r.tool.version)} · load report schema ${esc(r.schemaVersion)}</footer>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
}
