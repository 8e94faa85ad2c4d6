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
.page-header { margin-bottom: 24px; }
.page-header h1 { margin: 0; font-size: 1.6rem; letter-spacing: -.01em; }
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
.field input { width: 100%; font: inherit; padding: 10px 12px; border: 1px solid var(--border); border-radius: 8px; background: #fff; color: var(--text); }
.field input:focus-visible { border-color: var(--accent); box-shadow: var(--focus); }
.field input[aria-invalid="true"] { border-color: var(--danger); }
.field-hint { color: var(--muted); font-size: .85rem; margin: 4px 0 0; }
.field-error { color: var(--danger); font-size: .85rem; margin: 4px 0 0; font-weight: 500; }

.button { display: inline-flex; justify-content: center; align-items: center; gap: 6px; font: inherit; font-weight: 600; padding: 10px 16px; border-radius: 8px; border: 1px solid transparent; background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; }
.button:hover { background: var(--accent-strong); color: #fff; }
.button.block { width: 100%; }
.button.ghost { background: transparent; color: var(--muted); border-color: var(--border); padding: 6px 12px; font-weight: 500; }
.button.ghost:hover { background: var(--bg); color: var(--text); }

.alert { padding: 12px 14px; border-radius: 8px; margin-bottom: 16px; font-size: .95rem; }
.alert.error { background: var(--danger-soft); color: var(--danger); }
.alert.info { background: var(--ok-soft); color: var(--ok); }

.error-page { text-align: center; max-width: 520px; margin: 48px auto; }
.error-page .code { font-size: 3rem; font-weight: 700; color: var(--accent); margin: 0; }

@media (max-width: 720px) {
  .topbar-inner { gap: 8px; padding: 8px 16px; }
  .main-nav { order: 3; flex-basis: 100%; overflow-x: auto; }
  .main-nav ul { gap: 2px; }
  .main-nav details ul { position: static; box-shadow: none; }
  .user-menu { margin-left: auto; }
  .user-menu .account-name { display: none; }
  main { padding: 20px 16px 32px; }
}
`
