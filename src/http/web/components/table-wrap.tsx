// The horizontal scroll box around a table. A box that scrolls must be reachable by keyboard
// (WCAG 2.1.1, axe's scrollable-region-focusable), or a keyboard user cannot see the columns past
// its edge: it takes focus (arrow keys then scroll it), and as a focusable element it needs a role
// and a name, so it is a region named like its table.
import type { ComponentChildren } from 'preact'

/** The region's name: the id of the element that names the table (a heading, a caption), or a text. */
export type TableWrapName = { labelledBy: string; label?: never } | { label: string; labelledBy?: never }

export function TableWrap({ flat = false, children, ...name }: TableWrapName & { flat?: boolean; children: ComponentChildren }) {
  return (
    <div class={flat ? 'table-wrap flat' : 'table-wrap'} role="region" tabIndex={0} aria-labelledby={name.labelledBy} aria-label={name.label}>
      {children}
    </div>
  )
}
