// The stylesheet's colours against WCAG 2.1 AA, read from the CSS itself: every badge, button and
// alert (each state the stylesheet styles, hover included) and the plain text colours keep 4.5:1
// with their background (1.4.3; badges are 12.8 px, buttons 16 px: neither is large text), and
// the keyboard focus ring is an outline of 3:1 against the page and the cards (1.4.11), never removed,
// and the seller report's bar segments keep 3:1 against the card (1.4.11).
import { describe, expect, it } from 'vitest'
import { APP_CSS } from '../../src/http/web/assets/app-css.js'
import { cascadedValue, compoundSelector, contrastRatio, cssRules, customProperties, over, parseColour, resolveVariables, type ElementState, type Rgba } from './css-rules.js'

const rules = cssRules(APP_CSS)
const properties = customProperties(rules)
const colour = (value: string): Rgba => parseColour(resolveVariables(value, properties))
const SURFACE = colour('var(--surface)')
const PAGE = colour('var(--bg)')
/** What a transparent control or text sits on: a card, or the page. */
const BACKDROPS: Array<[string, Rgba]> = [
  ['--surface', SURFACE],
  ['--bg', PAGE],
]

/** Every state of a badge, a button or an alert that the stylesheet gives a colour or a background. */
function colouredComponentStates(): Array<{ selector: string; state: ElementState }> {
  const states = new Map<string, ElementState>()
  for (const rule of rules) {
    // The stylesheet sets backgrounds with the shorthand only (no background-color to weigh against it).
    if (rule.media !== undefined || !['color', 'background'].some((property) => rule.declarations.has(property))) continue
    for (const selector of rule.selectors) {
      const compound = compoundSelector(selector)
      if (compound && ['badge', 'button', 'alert'].includes(compound.classes[0]!)) states.set(selector, { classes: compound.classes, pseudoClasses: compound.pseudoClasses })
    }
  }
  return [...states].map(([selector, state]) => ({ selector, state }))
}

describe('app.css colour contrast (WCAG 2.1 AA)', () => {
  it('reads the badge, button and alert states it is meant to check', () => {
    expect(APP_CSS).not.toContain('background-color')
    const selectors = colouredComponentStates().map((entry) => entry.selector)
    for (const expected of ['.badge', '.badge.ok', '.badge.status-signed', '.badge.warn', '.button', '.button:hover', '.button.ghost', '.button.secondary:hover', '.button.danger', '.alert.success']) {
      expect(selectors).toContain(expected)
    }
  })

  it('keeps every badge, button and alert text at 4.5:1 or more on its background', () => {
    const failures: string[] = []
    for (const { selector, state } of colouredComponentStates()) {
      const text = colour(cascadedValue(rules, state, 'color') ?? 'var(--text)')
      const background = colour(cascadedValue(rules, state, 'background') ?? 'transparent')
      for (const [backdropName, backdrop] of background.a < 1 ? BACKDROPS : [['own background', background] as [string, Rgba]]) {
        const ratio = contrastRatio(over(text, over(background, backdrop)), over(background, backdrop))
        if (ratio < 4.5) failures.push(`${selector} on ${backdropName}: ${ratio.toFixed(2)}:1`)
      }
    }
    expect(failures).toEqual([])
  })

  it('keeps the text colours at 4.5:1 or more on the cards and the page', () => {
    const failures: string[] = []
    for (const name of ['--text', '--muted', '--accent', '--accent-strong', '--danger', '--ok', '--warn']) {
      for (const [backdropName, backdrop] of BACKDROPS) {
        const ratio = contrastRatio(colour(`var(${name})`), backdrop)
        if (ratio < 4.5) failures.push(`${name} on ${backdropName}: ${ratio.toFixed(2)}:1`)
      }
    }
    expect(failures).toEqual([])
  })

  it('draws keyboard focus with a solid outline of 3:1 or more against the page and the cards', () => {
    const focusRules = rules.filter((rule) => rule.media === undefined && rule.selectors.includes(':focus-visible'))
    expect(focusRules).toHaveLength(1)
    const outline = resolveVariables(focusRules[0]!.declarations.get('outline') ?? '', properties)
    const parsed = /^(\d+(?:\.\d+)?)px solid (.+)$/.exec(outline)
    expect(parsed, `outline of :focus-visible: "${outline}"`).not.toBeNull()
    expect(Number(parsed![1])).toBeGreaterThanOrEqual(2)
    const ring = parseColour(parsed![2]!)
    for (const [backdropName, backdrop] of BACKDROPS) expect(contrastRatio(over(ring, backdrop), backdrop), `focus ring on ${backdropName}`).toBeGreaterThanOrEqual(3)
  })

  it('gives each segment of the seller report’s bars 3:1 or more against the card (non-text contrast)', () => {
    const outcomes = ['signed', 'open', 'lost', 'cancelled', 'draft']
    for (const outcome of outcomes) {
      const rule = rules.find((candidate) => candidate.media === undefined && candidate.selectors.includes(`.outcome-${outcome}`))
      expect(rule, `.outcome-${outcome}`).toBeDefined()
      const fill = colour(rule!.declarations.get('fill') ?? '')
      expect(contrastRatio(fill, SURFACE), `.outcome-${outcome} on --surface`).toBeGreaterThanOrEqual(3)
      // The legend's swatch is the same colour.
      expect(rule!.declarations.get('background')).toBe(rule!.declarations.get('fill'))
    }
  })

  it('never removes an outline (forced-colours mode shows nothing else)', () => {
    const removed = rules.flatMap((rule) =>
      [...rule.declarations]
        .filter(([property, value]) => (property === 'outline' || property === 'outline-style' || property === 'outline-width') && /^(none|0(px)?)\b/.test(value))
        .map(([property, value]) => `${rule.selectors.join(', ')} { ${property}: ${value} }`),
    )
    expect(removed).toEqual([])
  })
})
