// A rendered body as a standalone HTML document with a small print-like style. Used where the
// document is shown on its own (the sandboxed preview frame; later the PDF and the signing page).
import { escapeHtml } from './liquid-engine.js'

/** The look of a document: an A4-like sheet, readable tables. No external resources. */
export const DOCUMENT_CSS = `
html { background: #eef0f4; }
body { font-family: Georgia, "Times New Roman", serif; color: #111; line-height: 1.5; font-size: 15px;
  max-width: 800px; margin: 24px auto; padding: 48px 56px; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
h1 { font-size: 1.5rem; margin: 0 0 16px; }
h2 { font-size: 1.15rem; margin: 24px 0 8px; }
table { width: 100%; border-collapse: collapse; margin: 12px 0; font-size: .92rem; }
th, td { border: 1px solid #c9ccd3; padding: 6px 8px; text-align: left; vertical-align: top; }
thead th { background: #f3f4f7; }
tfoot td { font-weight: 600; }
small { color: #444; }
img { max-width: 100%; }
@media (max-width: 640px) { body { margin: 0; padding: 20px; box-shadow: none; } }
@media print { html { background: #fff; } body { margin: 0; padding: 0; box-shadow: none; max-width: none; } }
`

/** `bodyHtml` is the rendered template (already escaped where it holds data). */
export function documentHtml(title: string, bodyHtml: string, options: { stylesheetHref?: string } = {}): string {
  const style = options.stylesheetHref === undefined ? `<style>${DOCUMENT_CSS}</style>` : `<link rel="stylesheet" href="${escapeHtml(options.stylesheetHref)}">`
  return `<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${style}
</head>
<body>
${bodyHtml}
</body>
</html>
`
}
