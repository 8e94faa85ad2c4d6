// The web app's only stylesheet, served at /assets/app.css. Kept as a module (not a .css file) so
// it ships inside the compiled build without a copy step.
export const APP_CSS = `
:root {
  --bg: #f6f7fb; --surface: #fff; --text: #1b1f2a; --muted: #5b6475; --border: #e2e5ee;
  --accent: #4f46e5; --accent-strong: #4338ca; --accent-soft: #eef0ff;
  --danger: #c62828; --danger-soft: #fdecec; --ok: #17803d; --ok-soft: #e8f6ee;
  --radius: 10px; --shadow: 0 1px 2px rgba(16,24,40,.06), 0 1px 3px rgba(16,24,40,.08);
  --focus: 0 0 0 3px rgba(79,70,229,.45);
  font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--text); background: var(--bg); line-height: 1.5;
}
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
a { color: var(--accent); }
a:hover { color: var(--accent-strong); }
:focus-visible { outline: none; box-shadow: var(--focus); border-radius: 6px; }
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

main { flex: 1; width: 100%; max-width: 1120px; margin: 0 auto; padding: 32px 20px 48px; }
.page-header { margin-bottom: 24px; display: flex; gap: 16px; align-items: flex-end; justify-content: space-between; flex-wrap: wrap; }
.page-header h1 { margin: 0; font-size: 1.6rem; letter-spacing: -.01em; }
.page-header .muted { margin: 4px 0 0; }
.page-actions { display: flex; gap: 8px; flex-wrap: wrap; }
.card + .card, .card + section, section + .card { margin-top: 16px; }
.card h2 { font-size: 1.1rem; margin: 0 0 12px; }
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

.field { margin-bottom: 16px; }
.field label { display: block; font-weight: 500; margin-bottom: 6px; font-size: .95rem; }
.field input, .field select, .field textarea, .input { width: 100%; font: inherit; padding: 10px 12px; border: 1px solid var(--border); border-radius: 8px; background: #fff; color: var(--text); }
.field input:focus-visible, .field select:focus-visible, .field textarea:focus-visible, .input:focus-visible { border-color: var(--accent); box-shadow: var(--focus); }
.field [aria-invalid="true"] { border-color: var(--danger); }
.field textarea.code, textarea.code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9rem; tab-size: 2; }
.field.checkbox { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.field.checkbox input { width: auto; }
.field.checkbox label { margin: 0; font-weight: 500; }
.field.checkbox .field-hint { flex-basis: 100%; }
.form-grid { display: grid; gap: 0 16px; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); }
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
.button.danger:hover { background: #a61f1f; }
.button.small { padding: 6px 10px; font-size: .9rem; }
.button.disabled { opacity: .5; pointer-events: none; }
.inline-form { display: inline; margin: 0; }

.table-wrap { overflow-x: auto; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); }
.table { width: 100%; border-collapse: collapse; font-size: .95rem; }
.table th, .table td { text-align: left; padding: 10px 14px; border-bottom: 1px solid var(--border); vertical-align: middle; }
.table th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; background: #fafbfd; }
.table tbody tr:last-child td { border-bottom: 0; }
.table tbody tr:hover { background: #fafbff; }
.table .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.table .empty { text-align: center; color: var(--muted); padding: 32px; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: .8rem; font-weight: 600; background: var(--bg); color: var(--muted); white-space: nowrap; }
.badge.ok { background: var(--ok-soft); color: var(--ok); }
.badge.danger { background: var(--danger-soft); color: var(--danger); }
.badge.accent { background: var(--accent-soft); color: var(--accent-strong); }
.badge.warn { background: #fff5e0; color: #8a5a00; }
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
/* ── end Clientes ── */
/* ── Documentos ── */
/* ── end Documentos ── */
/* ── Cadastros ── */
/* ── end Cadastros ── */
/* ── Modelos ── */
/* ── end Modelos ── */
/* ── Integrações ── */
/* ── end Integrações ── */
/* ── Painel ── */
/* ── end Painel ── */

@media (max-width: 720px) {
  .topbar-inner { gap: 8px; padding: 8px 16px; }
  .main-nav { order: 3; flex-basis: 100%; overflow-x: auto; }
  .main-nav ul { gap: 2px; }
  .main-nav details ul { position: static; box-shadow: none; }
  .user-menu { margin-left: auto; }
  .user-menu .account-name { display: none; }
  main { padding: 20px 16px 32px; }
  .table th, .table td { padding: 8px 10px; }
  .page-header { align-items: flex-start; }
}
`
