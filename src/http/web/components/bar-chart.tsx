// A bar chart drawn as inline SVG on the server: no chart library, no script, crisp at any size.
// Screen readers get the same figures from a visually hidden table (the SVG itself is decorative).
export interface Bar {
  label: string
  value: number
  /** The value as people read it (shown above the bar and in the table). */
  valueLabel: string
}

export interface BarChartProps {
  /** The chart's caption, also the table's. */
  caption: string
  labelHeader: string
  valueHeader: string
  bars: readonly Bar[]
}

const WIDTH = 720
const HEIGHT = 240
const PLOT_TOP = 24
const PLOT_BOTTOM = HEIGHT - 28
const GRID_LINES = 4

/** A round upper bound for the axis: 1, 2 or 5 times a power of ten, at least `max`. */
export function niceCeiling(max: number): number {
  if (max <= 0) return 1
  const power = 10 ** Math.floor(Math.log10(max))
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power
  return 10 * power
}

export function BarChart({ caption, labelHeader, valueHeader, bars }: BarChartProps) {
  const top = niceCeiling(Math.max(0, ...bars.map((bar) => bar.value)))
  const slot = WIDTH / Math.max(1, bars.length)
  const barWidth = Math.min(40, slot * 0.6)
  const y = (value: number) => PLOT_BOTTOM - ((PLOT_BOTTOM - PLOT_TOP) * value) / top
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} class="chart-svg" aria-hidden="true" focusable="false">
        {Array.from({ length: GRID_LINES + 1 }, (_, index) => {
          const value = (top * index) / GRID_LINES
          return <line class="chart-grid" x1="0" x2={WIDTH} y1={y(value)} y2={y(value)} />
        })}
        {bars.map((bar, index) => {
          const x = slot * index + (slot - barWidth) / 2
          const barTop = y(bar.value)
          return (
            <g>
              <rect class="chart-bar" x={x} y={barTop} width={barWidth} height={Math.max(0, PLOT_BOTTOM - barTop)} rx="4" />
              {bar.value > 0 && (
                <text class="chart-value" x={x + barWidth / 2} y={barTop - 6} text-anchor="middle">
                  {bar.valueLabel}
                </text>
              )}
              <text class="chart-label" x={x + barWidth / 2} y={HEIGHT - 8} text-anchor="middle">
                {bar.label}
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption class="chart-caption">{caption}</figcaption>
      {/* A wrapper carries the hiding: a table ignores the 1px width and would widen the page. */}
      <div class="sr-only">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{labelHeader}</th>
              <th scope="col">{valueHeader}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr>
                <th scope="row">{bar.label}</th>
                <td>{bar.valueLabel}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  )
}
