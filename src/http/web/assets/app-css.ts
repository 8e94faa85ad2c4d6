// The web app's only stylesheet, served at /assets/app.css. Kept as a module (not a .css file) so
// it ships inside the compiled build without a copy step.
export const APP_CSS = `
:root {
  --bg: #f6f7fb; --surface: #fff; --text: #1b1f2a; --muted: #5b6475; --border: #e2e5ee;
  --accent: #4f46e5; --accent-strong: #4338ca; --accent-soft: #eef0ff;
  --danger: #c62828; --danger-strong: #a61f1f; --danger-soft: #fdecec; --ok: #157a3a; --ok-soft: #e8f6ee;
  --warn: #8a5a00; --warn-soft: #fff5e0;
  --radius: 10px; --shadow: 0 1px 2px rgba(16,24,40,.06), 0 1px 3px rgba(16,24,40,.08);
  font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--text); background: var(--bg); line-height: 1.5;
}
*, *::before, *::after { box-sizing: border-box; }
/* The scripts hide and show parts of forms with the hidden attribute; a class that sets display
   (a button, a grid, a flex row) would otherwise outrank the browser's own [hidden] rule. */
[hidden] { display: none !important; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
a { color: var(--accent); }
a:hover { color: var(--accent-strong); }
/* Every colour pair of text and its background stays at 4.5:1 or more (WCAG 1.4.3), and the focus
   ring at 3:1 against the page and the cards (1.4.11): test/web/app-css-contrast.test.ts checks
   both. The ring is an outline, never removed: unlike a box-shadow, it stays in forced colours. */
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.skip-link { position: absolute; left: -999px; top: 8px; background: var(--surface); padding: 8px 12px; z-index: 10; }
.skip-link:focus { left: 8px; }

.topbar { background: var(--surface); border-bottom: 1px solid var(--border); }
.topbar-inner { max-width: 1120px; margin: 0 auto; padding: 0 20px; display: flex; align-items: center; gap: 24px; min-height: 60px; flex-wrap: wrap; }
.brand { font-weight: 700; font-size: 1.15rem; color: var(--text); text-decoration: none; display: flex; align-items: center; gap: 8px; }
.brand-mark { width: 28px; height: 28px; border-radius: 8px; background: linear-gradient(135deg, #6366f1, #4338ca); color: #fff; display: grid; place-items: center; font-size: .9rem; }
.main-nav { flex: 1; }
.main-nav ul { list-style: none; margin: 0; padding: 0; display: flex; gap: 4px; align-items: center; }
.main-nav a, .main-nav summary { display: block; padding: 8px 12px; border-radius: 8px; color: var(--muted); text-decoration: none; font-weight: 500; cursor: pointer; }
.main-nav a:hover, .main-nav summary:hover { background: var(--bg); color: var(--text); }
.main-nav a[aria-current="page"] { background: var(--accent-soft); color: var(--accent-strong); }
.main-nav details { position: relative; }
.main-nav summary { list-style: none; }
.main-nav summary::-webkit-details-marker { display: none; }
.main-nav summary::after { content: " ▾"; font-size: .8em; }
.main-nav details ul { position: absolute; top: 100%; left: 0; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); padding: 6px; min-width: 180px; display: block; z-index: 5; }
.user-menu { display: flex; align-items: center; gap: 12px; color: var(--muted); font-size: .9rem; }
.user-menu form { margin: 0; }
/* One row at 1280 px whatever the account's name: a long one is cut with an ellipsis (its whole text in the title). */
.user-menu .account-name { max-width: 180px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.user-menu .user-link { color: var(--muted); white-space: nowrap; }
.user-menu .user-link:hover { color: var(--text); }

main { flex: 1; width: 100%; max-width: 1120px; margin: 0 auto; padding: 32px 20px 48px; }
.page-header { margin-bottom: 24px; display: flex; gap: 16px; align-items: flex-end; justify-content: space-between; flex-wrap: wrap; }
.page-header h1 { margin: 0; font-size: 1.6rem; letter-spacing: -.01em; overflow-wrap: anywhere; }
.page-header .muted { margin: 4px 0 0; }
.page-actions { display: flex; gap: 8px; flex-wrap: wrap; }
.card + .card, .card + section, section + .card { margin-top: 16px; }
.card h2 { font-size: 1.1rem; margin: 0 0 12px; }
.logo-preview { margin: 12px 0 16px; }
.logo-remove { margin-top: 8px; }
.signing-logo { display: block; max-width: 200px; max-height: 56px; width: auto; height: auto; margin-bottom: 8px; }
.logo-preview img { display: block; max-width: 240px; max-height: 72px; width: auto; height: auto; padding: 8px; border: 1px solid var(--border); border-radius: var(--radius); background: #fff; }
.breadcrumb { color: var(--muted); font-size: .9rem; margin: 0 0 4px; }
.muted { color: var(--muted); }

.card { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); padding: 24px; }
.grid { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); }
.stat-label { color: var(--muted); font-size: .85rem; margin: 0; }
.stat-value { font-size: 1.3rem; font-weight: 600; margin: 4px 0 0; }

.auth { flex: 1; display: grid; place-items: center; padding: 32px 16px; }
.auth .card { width: 100%; max-width: 420px; }
.auth h1 { font-size: 1.4rem; margin: 0 0 4px; }
.auth .brand { justify-content: center; margin-bottom: 20px; }
.auth-footer { text-align: center; margin: 20px 0 0; color: var(--muted); }
.security-key-sign-in { margin-top: 24px; padding-top: 16px; border-top: 1px solid var(--border); }
.security-key-sign-in h2 { font-size: 1.05rem; margin: 0 0 4px; }

.field { margin-bottom: 16px; }
.field label { display: block; font-weight: 500; margin-bottom: 6px; font-size: .95rem; }
.field input, .field select, .field textarea, .input { width: 100%; font: inherit; padding: 10px 12px; border: 1px solid var(--border); border-radius: 8px; background: #fff; color: var(--text); }
.field input:focus-visible, .field select:focus-visible, .field textarea:focus-visible, .input:focus-visible { border-color: var(--accent); }
.field [aria-invalid="true"] { border-color: var(--danger); }
.field textarea.code, textarea.code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9rem; tab-size: 2; }
.field.checkbox { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.field.checkbox input { width: auto; }
.field.checkbox label { margin: 0; font-weight: 500; }
.field.checkbox .field-hint, .field.checkbox .field-error { flex-basis: 100%; }
.form-grid { display: grid; gap: 0 16px; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); }
.form-grid > .grid-wide { grid-column: 1 / -1; }
.form-actions { display: flex; gap: 8px; align-items: center; margin-top: 8px; flex-wrap: wrap; }
.filters { display: flex; gap: 12px; align-items: flex-end; flex-wrap: wrap; margin-bottom: 16px; }
.filters .field { margin-bottom: 0; min-width: 160px; flex: 1; }
.filters .field.grow { flex: 3; }
.field-hint { color: var(--muted); font-size: .85rem; margin: 4px 0 0; }
.field-error { color: var(--danger); font-size: .85rem; margin: 4px 0 0; font-weight: 500; }

.button { display: inline-flex; justify-content: center; align-items: center; gap: 6px; font: inherit; font-weight: 600; padding: 10px 16px; border-radius: 8px; border: 1px solid transparent; background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; }
.button:hover { background: var(--accent-strong); color: #fff; }
.button.block { width: 100%; }
.button.ghost { background: transparent; color: var(--muted); border-color: var(--border); padding: 6px 12px; font-weight: 500; }
.button.ghost:hover { background: var(--bg); color: var(--text); }
.button.secondary { background: var(--surface); color: var(--accent-strong); border-color: var(--border); }
.button.secondary:hover { background: var(--accent-soft); color: var(--accent-strong); }
.button.danger { background: var(--danger); }
.button.danger:hover { background: var(--danger-strong); }
.button.small { padding: 6px 10px; font-size: .9rem; }
.button.disabled { opacity: .5; pointer-events: none; }
.inline-form { display: inline; margin: 0; }

.table-wrap { overflow-x: auto; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); }
.table { width: 100%; border-collapse: collapse; font-size: .95rem; }
.table th, .table td { text-align: left; padding: 10px 14px; border-bottom: 1px solid var(--border); vertical-align: middle; }
.table th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; background: #fafbfd; }
/* A row's header (the device in Sessões) reads as the row's first cell, not as a column title. */
.table tbody th { font-size: inherit; text-transform: none; letter-spacing: normal; color: inherit; background: none; }
.table tbody tr:last-child td { border-bottom: 0; }
.table tbody tr:hover { background: #fafbff; }
.table .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
/* A figure never breaks, its column's heading may: "Preço unitário (R$)" on two lines keeps a
   five-column table of amounts inside a 1280 px screen's main column. */
.table th.num { white-space: normal; }
/* The side column of a document is ~300 px wide: its tables get tighter cells and smaller text. */
.proposal-side .table { font-size: .875rem; }
.proposal-side .table th, .proposal-side .table td { padding: 8px 8px; }
.table .empty { text-align: center; color: var(--muted); padding: 32px; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: .8rem; font-weight: 600; background: var(--bg); color: var(--muted); white-space: nowrap; }
.badge.ok { background: var(--ok-soft); color: var(--ok); }
.badge.danger { background: var(--danger-soft); color: var(--danger); }
.badge.accent { background: var(--accent-soft); color: var(--accent-strong); }
.badge.warn { background: var(--warn-soft); color: var(--warn); }
.pagination { display: flex; justify-content: space-between; align-items: center; gap: 12px; margin-top: 16px; flex-wrap: wrap; }
.pagination-summary { margin: 12px 0 0; font-size: .9rem; }
.pagination .pagination-summary { margin: 0; }
.pagination-links { display: flex; gap: 8px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88rem; }
pre { background: #0f172a; color: #e2e8f0; padding: 14px; border-radius: 8px; overflow: auto; max-height: 480px; white-space: pre-wrap; word-break: break-word; }

.alert { padding: 12px 14px; border-radius: 8px; margin-bottom: 16px; font-size: .95rem; }
.alert.error { background: var(--danger-soft); color: var(--danger); }
.alert.info { background: var(--accent-soft); color: var(--accent-strong); }
.alert.success { background: var(--ok-soft); color: var(--ok); }

.error-page { text-align: center; max-width: 520px; margin: 48px auto; }
.error-page .code { font-size: 3rem; font-weight: 700; color: var(--accent); margin: 0; }

/* ── Clientes ── */
.customer-caption { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.customer-search-text { flex: 1; min-width: 200px; }
.customer-search .field { margin-bottom: 0; }
.customer-search .form-actions { margin-top: 0; }
.customer-table td:first-child a { font-weight: 600; }
.customer-document { white-space: nowrap; font-variant-numeric: tabular-nums; }
.customer-form fieldset { border: 0; margin: 0 0 8px; padding: 0; min-width: 0; }
.customer-form legend { font-weight: 600; font-size: 1.05rem; margin-bottom: 12px; padding: 0; }
.customer-form fieldset + fieldset { border-top: 1px solid var(--border); padding-top: 16px; }
/* The webhook form's event types, by what they are about. */
.event-group { border: 0; margin: 0 0 8px; padding: 0; min-width: 0; }
.event-group legend { font-weight: 600; font-size: .9rem; color: var(--muted); margin: 8px 0 4px; padding: 0; }
.customer-documents, .customer-signers { margin-top: 24px; }
.customer-documents-header { display: flex; justify-content: space-between; align-items: center; gap: 12px; flex-wrap: wrap; margin-bottom: 12px; }
.customer-documents-header h2 { margin: 0; }
.customer-documents-more { margin: 12px 0 0; font-size: .9rem; }
@media (max-width: 640px) {
  .customer-search { flex-direction: column; align-items: stretch; }
  .customer-form { padding: 16px; }
}
/* ── end Clientes ── */
/* ── Documentos ── */
.badge.status-draft { background: var(--bg); color: var(--muted); }
.badge.status-sent, .badge.status-viewed { background: var(--accent-soft); color: var(--accent-strong); }
.badge.status-signed { background: var(--ok-soft); color: var(--ok); }
.badge.status-rejected, .badge.status-cancelled { background: var(--danger-soft); color: var(--danger); }
.badge.status-expired { background: var(--warn-soft); color: var(--warn); }
.proposal-doc { display: block; font-size: .85rem; }
.proposal-form .card { margin-bottom: 16px; }
.proposal-row { border: 1px solid var(--border); border-radius: 8px; padding: 12px 14px 4px; margin: 0 0 12px; min-width: 0; }
.proposal-row legend { font-weight: 600; padding: 0 6px; font-size: .9rem; color: var(--muted); }
.proposal-row-grid { display: grid; gap: 0 12px; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); }
.proposal-row-grid.items { grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); }
.proposal-row-grid.items > .field:first-child { grid-column: span 2; }
.proposal-row > .button { margin-bottom: 10px; }
.line-total output { display: block; padding: 10px 0; font-weight: 600; font-variant-numeric: tabular-nums; }
.line-total .field-label { display: block; font-weight: 500; margin-bottom: 6px; font-size: .95rem; }
.proposal-totals dl, .proposal-summary { margin: 0; display: grid; gap: 6px 16px; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); }
.proposal-totals dt, .proposal-summary dt { color: var(--muted); font-size: .85rem; }
.proposal-totals dd, .proposal-summary dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
.proposal-totals .grand dd { font-size: 1.25rem; color: var(--accent-strong); }
.proposal-edit { display: grid; gap: 16px; grid-template-columns: minmax(0, 2fr) minmax(260px, 1fr); align-items: start; }
.proposal-side .card { margin-bottom: 16px; }
.proposal-side .proposal-summary { grid-template-columns: 1fr; }
.proposal-notes { white-space: pre-wrap; }
.signer-message { white-space: pre-wrap; overflow-wrap: anywhere; border-left: 3px solid var(--border); padding-left: 12px; margin: 0; }
@media (max-width: 860px) {
  .proposal-edit { grid-template-columns: minmax(0, 1fr); }
}
@media (max-width: 420px) {
  .proposal-row-grid.items > .field:first-child { grid-column: auto; }
}
/* ── end Documentos ── */
/* ── Cadastros ── */
.registration-cards { list-style: none; margin: 0; padding: 0; }
.registration-cards > .card + .card { margin-top: 0; }
.registration-card { display: flex; flex-direction: column; gap: 4px; }
.registration-card h2 { margin: 0; }
.registration-card h2 a { text-decoration: none; }
.registration-card h2 a:hover { text-decoration: underline; }
.registration-card p { margin: 0; }
.registration-card .stat-value { margin-top: auto; padding-top: 8px; }
.registration-narrow { max-width: 520px; }
.registration-label { display: block; font-weight: 500; margin: 0 0 6px; font-size: .95rem; }
/* ── end Cadastros ── */
/* ── Modelos ── */
.template-editor { display: grid; gap: 16px; grid-template-columns: minmax(0, 2fr) minmax(260px, 1fr); align-items: start; }
.template-editor .card + .card { margin-top: 0; }
.template-editor textarea.code { min-height: 420px; resize: vertical; white-space: pre; overflow-wrap: normal; overflow-x: auto; }
/* A version's line diff: numbers, sign and text, added lines green, removed red, kept lines plain. */
table.diff { width: 100%; border-collapse: collapse; font-size: .88rem; }
table.diff th { text-align: left; font-weight: 600; color: var(--muted); padding: 4px 8px; border-bottom: 1px solid var(--border); white-space: nowrap; }
table.diff td { padding: 1px 8px; vertical-align: top; }
table.diff .diff-number { color: var(--muted); text-align: right; width: 1%; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.diff .diff-sign { width: 1%; font-weight: 700; }
table.diff .diff-text code { white-space: pre-wrap; word-break: break-word; font-size: .85rem; }
table.diff tr.diff-added { background: var(--ok-soft); }
table.diff tr.diff-added .diff-sign { color: var(--ok); }
table.diff tr.diff-removed { background: var(--danger-soft); }
table.diff tr.diff-removed .diff-sign { color: var(--danger); }
table.diff tr.diff-skipped td { color: var(--muted); font-style: italic; background: var(--bg); padding: 4px 8px; }
.template-review { border-left: 4px solid var(--warn); background: var(--warn-soft); margin-bottom: 16px; }
.template-review h2 { font-size: 1rem; margin-top: 0; }
.template-review ul { margin: 0; padding-left: 20px; }
.template-review li + li { margin-top: 6px; }
.template-variables { max-height: 760px; overflow-y: auto; font-size: .88rem; position: sticky; top: 16px; }
.template-variables h2 { font-size: 1rem; }
.template-variables h2 + p { margin-top: 0; }
.template-variables dl { margin: 0 0 16px; }
.template-variables dt { margin-top: 8px; }
.template-variables dt code { background: var(--accent-soft); color: var(--accent-strong); padding: 1px 6px; border-radius: 4px; word-break: break-all; }
/* Made buttons by the editor's script (template-editor.js): a variable to insert, a notice's line to go to. */
[data-insert][role=button], [data-notice-goto][role=button] { cursor: pointer; }
[data-insert][role=button]:hover, [data-notice-goto][role=button]:hover { text-decoration: underline; }
[data-notice-goto][role=button] { color: var(--accent-strong); font-weight: 600; }
.template-review li[data-fixed] { text-decoration: line-through; color: var(--muted); }
.template-variables dd { margin: 2px 0 0; color: var(--muted); }
.template-preview { margin-top: 16px; }
.document-frame { display: block; width: 100%; height: 75vh; min-height: 480px; border: 1px solid var(--border); border-radius: var(--radius); background: #eef0f4; }
@media (max-width: 860px) {
  .template-editor { grid-template-columns: 1fr; }
  .template-variables { position: static; max-height: 360px; }
  .document-frame { height: 70vh; min-height: 360px; }
}
/* ── end Modelos ── */
/* ── Integrações ── */
.issued-token { border-color: var(--accent); }
.totp-qr { display: block; width: 220px; height: 220px; image-rendering: pixelated; border: 1px solid var(--border); border-radius: 6px; }
.totp-key { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 1rem; letter-spacing: .05em; overflow-wrap: anywhere; }
#recovery-codes { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 1rem; max-width: 16em; resize: none; }
.issued-token .copy-row { display: flex; gap: 8px; flex-wrap: wrap; }
.issued-token .copy-row input { flex: 1 1 280px; min-width: 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9rem; }
.token-actions { display: flex; gap: 8px; flex-wrap: wrap; align-items: flex-start; }
details.confirm > summary { list-style: none; }
details.confirm > summary::-webkit-details-marker { display: none; }
details.confirm[open] > summary { background: var(--bg); color: var(--text); }
details.confirm .confirm-body { margin-top: 8px; padding: 12px; max-width: 320px; border: 1px solid var(--border); border-radius: 8px; background: var(--surface); box-shadow: var(--shadow); }
details.confirm .confirm-body p { margin: 0 0 10px; font-size: .9rem; white-space: normal; }
.usage-summary { font-size: 1.05rem; font-weight: 600; margin: 0 0 8px; }
.usage-meter { display: block; width: 100%; height: 18px; margin-bottom: 8px; }
pre.command { max-height: none; margin: 0; }
.integrations-links { margin: 0; padding-left: 20px; }
.integrations-links li + li { margin-top: 6px; }
.request-log-filters { align-items: flex-start; }
.request-log-filters .form-actions { margin-top: 0; flex-basis: 100%; }
.request-log-table .request-time { white-space: nowrap; }
.request-log-table .request-path code { word-break: break-all; }
.request-facts { display: grid; grid-template-columns: minmax(140px, max-content) 1fr; gap: 8px 20px; margin: 0; }
.request-facts dt { color: var(--muted); font-weight: 500; }
.request-facts dd { margin: 0; word-break: break-word; }
.header-value { word-break: break-all; }
@media (max-width: 720px) {
  .request-facts { grid-template-columns: 1fr; gap: 2px; }
  .request-facts dd { margin-bottom: 8px; }
}
/* ── end Integrações ── */
/* ── Painel ── */
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.stat-detail { font-size: .85rem; margin: 6px 0 0; display: block; }
.usage-meter { width: 100%; height: 10px; margin-top: 8px; }
.dashboard-columns { display: grid; gap: 16px; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); margin-top: 16px; }
.dashboard-columns .card { margin-top: 0; }
/* Cards side by side in a grid take no stacking margin (the dashboard's first card stood 16 px
   higher than its neighbours), and what follows the two columns keeps its distance. */
.grid > .card + .card { margin-top: 0; }
.dashboard-columns + .card { margin-top: 16px; }
.chart { margin: 0; }
.chart-svg { width: 100%; height: auto; display: block; }
.chart-grid { stroke: var(--border); stroke-width: 1; }
.chart-bar { fill: var(--accent); }
.chart-value { fill: var(--text); font-size: 13px; font-weight: 600; }
.chart-label { fill: var(--muted); font-size: 12px; }
.chart-caption { color: var(--muted); font-size: .85rem; margin-top: 8px; }
/* Desempenho por vendedor's bars (seller-outcome-chart.tsx): one row a seller, its name, the bar, the count.
   Each segment's colour keeps 3:1 against the card (1.4.11; test/web/app-css-contrast.test.ts). */
.outcome-chart { margin: 0 0 16px; }
.outcome-chart figcaption { margin-bottom: 8px; }
.outcome-legend { list-style: none; padding: 0; margin: 0 0 12px; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: .85rem; color: var(--muted); }
.outcome-swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; vertical-align: -1px; }
.outcome-row { display: grid; grid-template-columns: minmax(90px, 200px) 1fr 48px; align-items: center; gap: 12px; padding: 4px 0; }
.outcome-name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.outcome-track { width: 100%; height: 14px; display: block; shape-rendering: crispEdges; }
/* A white rule between segments, so neighbours read apart whatever one's colour vision. */
.outcome-track rect { stroke: var(--surface); stroke-width: 1px; vector-effect: non-scaling-stroke; }
.outcome-total { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
.outcome-signed { fill: var(--ok); background: var(--ok); }
.outcome-open { fill: var(--accent); background: var(--accent); }
.outcome-lost { fill: var(--danger); background: var(--danger); }
.outcome-cancelled { fill: #4b5563; background: #4b5563; }
.outcome-draft { fill: #8a93a3; background: #8a93a3; }
/* On a phone the name goes above its bar, which keeps the row's width. */
@media (max-width: 640px) { .outcome-row { grid-template-columns: 1fr 40px; row-gap: 2px; } .outcome-name { grid-column: 1 / -1; } }
.status-list { list-style: none; margin: 0; padding: 0; }
.status-list a { display: flex; justify-content: space-between; align-items: center; padding: 8px 4px; border-bottom: 1px solid var(--border); text-decoration: none; color: var(--text); }
.status-list li:last-child a { border-bottom: 0; }
.status-list a:hover { background: var(--bg); }
.status-count { font-weight: 600; font-variant-numeric: tabular-nums; }
.table-wrap.flat { box-shadow: none; }
@media (max-width: 900px) { .dashboard-columns { grid-template-columns: 1fr; } }
/* ── end Painel ── */

/* ── E-mails ── */
.email-body { white-space: pre-wrap; word-break: break-word; }
.email-subject { word-break: break-word; }
/* ── end E-mails ── */
/* ── Ações do documento ── */
.proposal-actions .action-form { border-top: 1px solid var(--border); padding-top: 12px; margin-top: 12px; }
.proposal-actions .action-form:first-of-type { border-top: 0; padding-top: 0; }
.proposal-actions .action-form p { margin: 0 0 8px; font-size: .9rem; }
/* A document's attachments: one per line, the name breaking anywhere (a long file name must not widen the side column). */
.attachment-list { list-style: none; padding: 0; margin: 0 0 8px; }
.attachment-list li { padding: 4px 0; overflow-wrap: anywhere; }
.attachment-list .inline-form { margin-left: 6px; }
.comment-list { list-style: none; padding: 0; margin: 0 0 8px; }
.comment-list li { padding: 6px 0; border-bottom: 1px solid var(--border); }
.comment-list .comment-text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 0 2px; }
.comment-list .small { font-size: .85rem; margin: 0; }
.comment-notify { margin: 0 0 12px; }
.comment-notify summary { cursor: pointer; font-weight: 500; }
.comment-notify-list { list-style: none; padding: 0; margin: 4px 0 0; max-height: 14rem; overflow-y: auto; }
.comment-notify-list .field.checkbox { margin: 0 0 4px; }
.comment-notify-list label { overflow-wrap: anywhere; min-width: 0; }
.attachment-hash { font-size: .75rem; color: var(--muted); word-break: break-all; }
.signer-links { list-style: none; margin: 0; padding: 0; }
/* Configurações → Atividade: an entry's details, one change a line. */
.activity-details { list-style: none; margin: 0; padding: 0; }
.activity-details li + li { margin-top: 2px; }
.signer-suggestions { margin: 0 0 12px; }
.signer-suggestions p { margin: 0; }
.signer-suggestions ul { list-style: none; margin: 8px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; }
.signer-links li { padding: 8px 0; border-top: 1px solid var(--border); }
.signer-links li:first-child { border-top: 0; }
.signer-links .copy-row { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 6px; }
.signer-links .copy-row input { flex: 1 1 200px; min-width: 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .8rem; }
code.hash { word-break: break-all; font-size: .8rem; }
/* ── end Ações do documento ── */
/* ── Assinatura ── */
main.public { max-width: 960px; }
.signing-layout { display: grid; gap: 16px; grid-template-columns: minmax(0, 1fr); }
.signing-layout .card { margin-top: 0; }
.signing-frame { width: 100%; height: 70vh; min-height: 420px; border: 1px solid var(--border); border-radius: 8px; background: #eef0f4; }
.signing-hash dt { font-weight: 600; margin-top: 8px; }
.signing-hash dd { margin: 4px 0 0; }
.signing-hash code { word-break: break-all; font-size: .85rem; }
.signing-form fieldset { border: 0; margin: 0 0 16px; padding: 0; min-width: 0; }
.signing-form legend { font-weight: 600; margin-bottom: 8px; padding: 0; }
.signing-form .field.checkbox .field-hint { overflow-wrap: anywhere; min-width: 0; background: var(--bg); border: 1px solid var(--border); border-radius: 8px; padding: 10px 12px; color: var(--text); }
.signing-form .field.checkbox { flex-wrap: wrap; align-items: flex-start; }
.signing-form .field.checkbox label { flex: 1; min-width: 0; }
.signing-form .field.checkbox input { margin-top: 4px; }
.signature-kinds { display: flex; flex-wrap: wrap; gap: 16px; margin-bottom: 8px; }
.signature-kinds .radio { display: flex; align-items: center; gap: 6px; font-weight: 500; }
.signature-kinds .radio input { width: auto; }
.signature-canvas { display: block; width: 100%; max-width: 600px; aspect-ratio: 3 / 1; height: auto; border: 1px dashed var(--muted); border-radius: 8px; background: #fff; touch-action: none; cursor: crosshair; margin-bottom: 8px; }
.signing-message { max-width: 640px; margin: 24px auto; text-align: center; }
.signing-message.success h1 { color: var(--ok); }
.signing-message.error h1 { color: var(--danger); }
.signing-footer { font-size: .85rem; text-align: center; margin-top: 24px; }
@media (max-width: 640px) { .signing-frame { height: 60vh; min-height: 320px; } }
/* ── end Assinatura ── */

@media (max-width: 720px) {
  .topbar-inner { gap: 8px; padding: 8px 16px; }
  .main-nav { order: 3; flex-basis: 100%; }
  .main-nav ul { gap: 2px; flex-wrap: wrap; }
  .main-nav details ul { position: static; box-shadow: none; }
  .user-menu { margin-left: auto; }
  .user-menu .account-name { display: none; }
  main { padding: 20px 16px 32px; }
  .table th, .table td { padding: 8px 10px; }
  .page-header { align-items: flex-start; }
}
`
