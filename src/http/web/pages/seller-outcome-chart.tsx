// "Desempenho por vendedor"'s chart: for each seller, the period's documents as one horizontal
// bar split by where they got (signed, waiting, refused or expired, cancelled, never sent), all
// bars on one scale, so a manager sees at a glance who writes the most and who closes it. Inline
// SVG drawn on the server, as the Painel's chart: no script, no chart library. The figures are the
// table's below it (the drafts are its created less the rest), so the chart is hidden from screen
// readers, which read the table.
import type { SellerFigures } from '../../../modules/reports/seller-summary.js'
import { t } from '../i18n/pt-BR.js'

type Outcome = 'signed' | 'open' | 'lost' | 'cancelled' | 'draft'

/** The segments in the order drawn: the good news first. */
const OUTCOMES: readonly Outcome[] = ['signed', 'open', 'lost', 'cancelled', 'draft']

/** A seller's documents by outcome; the drafts are what the other statuses leave of the created. */
export function outcomeCounts(figures: Pick<SellerFigures, 'created' | 'signed' | 'open' | 'lost' | 'cancelled'>): Record<Outcome, number> {
  const { created, signed, open, lost, cancelled } = figures
  return { signed, open, lost, cancelled, draft: Math.max(0, created - signed - open - lost - cancelled) }
}

/** The bars' length in the SVG's own units; `preserveAspectRatio="none"` stretches them to the row. */
const TRACK = 1000

/** The legend's words: the table's column headers, so the two cannot drift apart. */
function outcomeLabel(outcome: Outcome): string {
  const r = t.sellerReport
  return outcome === 'draft' ? r.chart.drafts : r[outcome]
}

/**
 * Each outcome's segment: where it starts and how long it is, in track units, the empty ones left
 * out; offsets add the unrounded widths, rounding only what is written (exported for its test).
 */
export function segments(counts: Record<Outcome, number>, scale: number): Array<{ outcome: Outcome; x: number; width: number }> {
  let x = 0
  return OUTCOMES.filter((outcome) => counts[outcome] > 0).map((outcome) => {
    const width = (TRACK * counts[outcome]) / scale
    const segment = { outcome, x: Math.round(x * 100) / 100, width: Math.round(width * 100) / 100 }
    x += width
    return segment
  })
}

export function SellerOutcomeChart({ sellers }: { sellers: readonly SellerFigures[] }) {
  const c = t.sellerReport.chart
  const r = t.sellerReport
  const scale = Math.max(1, ...sellers.map((seller) => seller.created))
  return (
    // Hidden from screen readers as a whole: the table below reads the same figures.
    <figure class="card outcome-chart" data-outcome-chart="" aria-hidden="true">
      <figcaption>
        <strong>{c.title}</strong> <span class="muted">{c.hint}</span>
      </figcaption>
      <ul class="outcome-legend">
        {OUTCOMES.map((outcome) => (
          <li><span class={`outcome-swatch outcome-${outcome}`} /> {outcomeLabel(outcome)}</li>
        ))}
      </ul>
      <div class="outcome-rows">
        {sellers.map((seller) => {
          const counts = outcomeCounts(seller)
          const name = seller.sellerId === null ? t.proposals.noSeller : `${seller.sellerName ?? ''}${seller.sellerActive ? '' : ` ${r.inactive}`}`
          return (
            <div class="outcome-row" data-outcome-row="">
              {/* A long name is cut with an ellipsis: its title shows it whole. */}
              <span class="outcome-name" title={name}>{name}</span>
              {/* SVG attributes, not inline styles: the pages' CSP allows no style attribute. */}
              <svg class="outcome-track" viewBox={`0 0 ${TRACK} 10`} preserveAspectRatio="none" focusable="false">
                {segments(counts, scale).map((segment) => (
                  <rect class={`outcome-${segment.outcome}`} x={segment.x} y="0" width={segment.width} height="10" data-outcome={segment.outcome} data-count={counts[segment.outcome]} />
                ))}
              </svg>
              <span class="outcome-total">{seller.created}</span>
            </div>
          )
        })}
      </div>
    </figure>
  )
}
