// The inline stylesheet and script of index.html. The page must work from file:// with nothing fetched, so
// both live here as strings; the script only switches language, filters and opens things, and copies a body
// into the evidence card that shows it — the content is all in the markup (each body once), readable without it.

export const HTML_STYLE = String.raw`
:root {
  --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0; --code-bg: #f6f8fa;
  --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9; --error: #8250df; --error-bg: #fbefff;
  --skip: #59636e; --skip-bg: #eaeef2; --warn: #9a6700; --warn-bg: #fff8c5; --link: #0969da;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Ubuntu, Cantarell, "Helvetica Neue", Arial, sans-serif;
  font-size: 15px; line-height: 1.45; color: var(--fg); background: var(--bg);
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d; --code-bg: #151b23;
    --pass: #3fb950; --pass-bg: #12261e; --fail: #f85149; --fail-bg: #2d1214; --error: #ab7df8; --error-bg: #231a35;
    --skip: #9198a1; --skip-bg: #21262d; --warn: #d29922; --warn-bg: #2a2111; --link: #4493f8;
  }
}
* { box-sizing: border-box; }
body { margin: 0; }
:root[data-lang="uk"] body [lang="en"], :root[data-lang="en"] body [lang="uk"] { display: none; }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.88em; }
header.top { padding: 20px 28px 16px; background: var(--panel); border-bottom: 1px solid var(--line); }
header.top h1 { margin: 0 0 4px; font-size: 1.5em; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
header.top .sub { color: var(--muted); }
.lang-switch { float: right; display: flex; gap: 4px; }
.lang-switch button { border: 1px solid var(--line); background: var(--bg); color: var(--fg); padding: 4px 10px; border-radius: 6px; cursor: pointer; font: inherit; font-size: 0.9em; }
:root[data-lang="uk"] .lang-switch [data-set-lang="uk"], :root[data-lang="en"] .lang-switch [data-set-lang="en"] { background: var(--fg); color: var(--bg); border-color: var(--fg); }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 8px 20px; margin: 14px 0 0; }
dl.facts div { min-width: 0; }
dl.facts dt { color: var(--muted); font-size: 0.8em; text-transform: uppercase; letter-spacing: 0.03em; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
nav.toc { padding: 8px 28px; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: 4px 18px; position: sticky; top: 0; background: var(--bg); z-index: 2; }
main { padding: 8px 28px 40px; max-width: 1400px; }
section { margin-top: 26px; }
h2 { font-size: 1.25em; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 0.82em; font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.badge.big { font-size: 0.7em; padding: 3px 12px; }
.o-pass { color: var(--pass); } .badge.o-pass { background: var(--pass-bg); border-color: var(--pass); }
.o-fail { color: var(--fail); } .badge.o-fail { background: var(--fail-bg); border-color: var(--fail); }
.o-error { color: var(--error); } .badge.o-error { background: var(--error-bg); border-color: var(--error); }
.o-skip { color: var(--skip); } .badge.o-skip { background: var(--skip-bg); border-color: var(--skip); }
.o-warn { color: var(--warn); } .badge.o-warn { background: var(--warn-bg); border-color: var(--warn); }
.o-not-covered, .o-informative, .o-simulator { color: var(--muted); }
.badge.o-not-covered { border: 1px dashed var(--muted); background: transparent; }
.badge.o-informative, .badge.o-simulator { border: 1px dotted var(--muted); background: transparent; font-weight: 500; }
.counts { display: flex; gap: 6px; flex-wrap: wrap; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
td { overflow-wrap: break-word; }
th { font-size: 0.82em; color: var(--muted); font-weight: 600; }
tr.group th { background: var(--panel); color: var(--fg); font-size: 0.9em; padding-top: 8px; }
table.matrix td.rid { white-space: nowrap; font-weight: 600; }
table.matrix td.rid span { border-bottom: 1px dotted var(--muted); cursor: help; }
table.matrix tr.v-fail td.rid { box-shadow: inset 4px 0 var(--fail); }
table.matrix tr.v-error td.rid { box-shadow: inset 4px 0 var(--error); }
table.matrix tr.v-pass td.rid { box-shadow: inset 4px 0 var(--pass); }
table.matrix tr.v-warn td.rid { box-shadow: inset 4px 0 var(--warn); }
table.matrix td:nth-child(3) { width: 48%; }
.clamp { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; max-width: 80ch; }
table.matrix tr:hover .clamp { -webkit-line-clamp: unset; }
.evidence a, .evidence span { display: inline-block; max-width: 100%; margin: 0 8px 2px 0; font-size: 0.88em; overflow-wrap: anywhere; }
h3.own-roles { font-size: 1em; margin: 10px 0 2px; }
details.other-roles { margin-top: 18px; border: 1px solid var(--line); border-radius: 8px; padding: 6px 12px; }
details.other-roles > summary { color: var(--muted); font-weight: 600; }
details.other-roles table.matrix { opacity: 0.85; }
.toolbar { display: flex; gap: 14px; align-items: center; flex-wrap: wrap; margin: 6px 0 10px; color: var(--muted); }
.toolbar select { max-width: 18em; }
.toolbar select, .toolbar input { font: inherit; font-size: 0.9em; padding: 3px 6px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
details > summary { cursor: pointer; list-style: none; }
details > summary::-webkit-details-marker { display: none; }
details > summary::before { content: "▸"; display: inline-block; width: 1em; color: var(--muted); transition: transform 0.1s; }
details[open] > summary::before { transform: rotate(90deg); }
details.scenario { border: 1px solid var(--line); border-radius: 8px; margin: 10px 0; background: var(--bg); }
details.scenario > summary { padding: 9px 12px; display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
details.scenario.is-fail { border-left: 4px solid var(--fail); } details.scenario.is-error { border-left: 4px solid var(--error); }
details.scenario.is-pass { border-left: 4px solid var(--pass); } details.scenario.is-warn { border-left: 4px solid var(--warn); }
details.scenario.is-skip { border-left: 4px solid var(--skip); }
details.step.is-fail > summary, details.step.is-error > summary { font-weight: 600; }
details.step.is-fail .step-body > .message { color: var(--fail); } details.step.is-error .step-body > .message { color: var(--error); }
details.scenario > summary .title { color: var(--fg); font-weight: 600; }
.meta { color: var(--muted); font-size: 0.88em; }
.scenario-body { padding: 0 14px 10px 30px; }
ol.steps { list-style: none; padding: 0; margin: 0; }
ol.steps > li { border-top: 1px solid var(--line); }
details.step > summary { padding: 6px 0; display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; color: var(--fg); }
details.step > summary .sym { font-weight: 700; width: 1.1em; text-align: center; }
.step-body { padding: 2px 0 10px 24px; }
.covers .rq { display: inline-block; font-size: 0.8em; padding: 0 6px; border-radius: 4px; background: var(--panel); border: 1px solid var(--line); margin-right: 3px; color: var(--fg); }
.message { margin: 4px 0; white-space: pre-wrap; }
.hint { color: var(--muted); }
.assertion { margin: 8px 0; padding: 6px 10px; border-radius: 6px; background: var(--panel); }
.diff { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 8px; margin-top: 6px; }
.diff .label { font-size: 0.78em; color: var(--muted); text-transform: uppercase; }
pre { margin: 0; padding: 8px 10px; background: var(--code-bg); border: 1px solid var(--line); border-radius: 6px; overflow: auto; max-height: 420px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; overflow: hidden; }
.msg-head { padding: 5px 10px; background: var(--panel); display: flex; gap: 10px; flex-wrap: wrap; align-items: baseline; font-size: 0.9em; }
.msg-head > * { min-width: 0; overflow-wrap: anywhere; }
.body-ref > a { display: block; padding: 4px 10px; border-top: 1px solid var(--line); }
.msg pre { border: 0; border-radius: 0; border-top: 1px solid var(--line); }
.st-2 { color: var(--pass); } .st-4 { color: var(--warn); } .st-5 { color: var(--fail); }
table.journal { table-layout: fixed; }
table.journal td { font-size: 0.88em; overflow-wrap: anywhere; }
table.journal col.c-seq { width: 3.5em; } table.journal col.c-time { width: 13.5em; } table.journal col.c-scenario { width: 12%; }
table.journal col.c-kind { width: 6.5em; } table.journal col.c-channel { width: 6.5em; } table.journal col.c-route { width: 13%; }
table.journal col.c-service { width: 14%; } table.journal col.c-status { width: 4.5em; } table.journal col.c-result { width: 8%; }
table.journal td.time time { display: block; }
.utc { color: var(--muted); font-size: 0.8em; }
.trunc { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
table.journal tr.jrow { cursor: pointer; }
table.journal tr.jrow:hover, table.journal tr.jrow:focus-within { background: var(--panel); }
.jtoggle { font: inherit; font-size: 0.95em; color: var(--link); background: none; border: 0; padding: 0; cursor: pointer; }
table.journal tr.jrow.open { background: var(--panel); }
table.journal tr.jbody td { background: var(--panel); }
.kv { display: flex; gap: 16px; flex-wrap: wrap; font-size: 0.85em; color: var(--muted); margin-bottom: 6px; }
.note { color: var(--muted); font-size: 0.9em; }
footer { color: var(--muted); font-size: 0.85em; padding: 16px 28px; border-top: 1px solid var(--line); }
`;

export const HTML_SCRIPT = String.raw`
(function () {
  var root = document.documentElement;
  function setLang(lang) {
    root.setAttribute('data-lang', lang);
    root.setAttribute('lang', lang);
    document.querySelectorAll('[data-title-' + lang + ']').forEach(function (el) { el.title = el.getAttribute('data-title-' + lang); });
    document.querySelectorAll('[data-text-' + lang + ']').forEach(function (el) { el.textContent = el.getAttribute('data-text-' + lang); });
    document.querySelectorAll('[data-placeholder-' + lang + ']').forEach(function (el) { el.placeholder = el.getAttribute('data-placeholder-' + lang); });
    try { localStorage.setItem('polihon.lang', lang); } catch (e) { /* file:// may forbid storage */ }
  }
  document.querySelectorAll('[data-set-lang]').forEach(function (b) {
    b.addEventListener('click', function () { setLang(b.getAttribute('data-set-lang')); });
  });
  try { var saved = localStorage.getItem('polihon.lang'); if (saved === 'en' || saved === 'uk') setLang(saved); } catch (e) { /* ignore */ }

  // a link into a closed scenario, step or journal row opens it
  function reveal(id) {
    var el = id && document.getElementById(id);
    if (el && el.classList.contains('jrow')) {
      if (el.hidden) clearFilters();
      if (el.nextElementSibling.hidden) toggle(el);
    }
    for (var p = el; p; p = p.parentElement) if (p.tagName === 'DETAILS') p.open = true;
    if (el) el.scrollIntoView({ block: 'start' });
  }
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('a[href^="#"]');
    if (a) reveal(a.getAttribute('href').slice(1));
  });

  // a body is in the page once, in its journal row; an evidence card shows a copy when it is opened
  function fillBodies(scope) {
    scope.querySelectorAll('.body-ref[data-body-of]:not([data-filled])').forEach(function (slot) {
      var open = true;
      for (var p = slot.parentElement; p; p = p.parentElement) if (p.tagName === 'DETAILS' && !p.open) open = false;
      var src = document.getElementById('body-' + slot.getAttribute('data-body-of'));
      if (!open || !src) return;
      var link = slot.firstElementChild;
      Array.prototype.forEach.call(src.childNodes, function (n) { slot.insertBefore(n.cloneNode(true), link); });
      slot.setAttribute('data-filled', '');
    });
  }
  document.addEventListener('toggle', function (ev) { if (ev.target.open) fillBodies(ev.target); }, true);

  // requirement matrix: only the problems
  var onlyProblems = document.getElementById('matrix-problems');
  if (onlyProblems) onlyProblems.addEventListener('change', function () {
    document.querySelectorAll('table.matrix tr[data-verdict]').forEach(function (tr) {
      var v = tr.getAttribute('data-verdict');
      tr.hidden = onlyProblems.checked && v !== 'fail' && v !== 'error' && v !== 'not-covered';
    });
  });

  // journal browser
  var filters = Array.prototype.slice.call(document.querySelectorAll('[data-jfilter]'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.journal tr.jrow'));
  var shown = document.getElementById('jshown');
  function has(el, q) { return !!el && el.textContent.toLowerCase().indexOf(q) !== -1; }
  function applyFilters() {
    var f = {};
    filters.forEach(function (el) { f[el.getAttribute('data-jfilter')] = el.value.toLowerCase(); });
    var n = 0;
    rows.forEach(function (tr) {
      var ok = (!f.scenario || tr.getAttribute('data-scenario').toLowerCase() === f.scenario) &&
        (!f.service || tr.getAttribute('data-service').toLowerCase() === f.service) &&
        (!f.from || tr.getAttribute('data-from').toLowerCase() === f.from) &&
        (!f.to || tr.getAttribute('data-to').toLowerCase() === f.to) &&
        (!f.q || has(tr, f.q) || has(tr.nextElementSibling, f.q) || has(document.getElementById('body-' + tr.getAttribute('data-body-home')), f.q));
      tr.hidden = !ok;
      if (!ok) { tr.nextElementSibling.hidden = true; tr.classList.remove('open'); }
      if (ok) n++;
    });
    if (shown) shown.textContent = String(n);
  }
  filters.forEach(function (el) { el.addEventListener('input', applyFilters); el.addEventListener('change', applyFilters); });
  // a failing step without messages of its own shows its scenario's part of the journal
  document.querySelectorAll('[data-show-scenario]').forEach(function (a) {
    a.addEventListener('click', function () {
      clearFilters();
      var select = document.querySelector('select[data-jfilter="scenario"]');
      if (select) { select.value = a.getAttribute('data-show-scenario'); applyFilters(); }
    });
  });
  function clearFilters() {
    filters.forEach(function (el) { el.value = ''; });
    applyFilters();
  }
  function toggle(tr) {
    var body = tr.nextElementSibling;
    body.hidden = !body.hidden;
    tr.classList.toggle('open', !body.hidden);
    tr.querySelector('.jtoggle').setAttribute('aria-expanded', String(!body.hidden));
  }
  rows.forEach(function (tr) {
    // the whole row is a target for the mouse; the number is the button for keyboards and screen readers
    tr.addEventListener('click', function (ev) { if (!(ev.target.closest && ev.target.closest('a'))) toggle(tr); });
  });

  fillBodies(document);
  if (location.hash) reveal(location.hash.slice(1));
})();
`;
