// Just enough of CSS for the stylesheet's accessibility tests: its rules (with the @media they sit
// in), the custom properties of :root, a cascade over single-element selectors such as
// `.button.ghost:hover`, and WCAG 2.1 contrast ratios of the colours found.

export interface CssRule {
  selectors: string[]
  declarations: Map<string, string>
  /** The @-rule prelude around it ("@media (max-width: 720px)"), if any. */
  media: string | undefined
  order: number
}

/** The rules of `css`, in source order, @media blocks flattened (their rules keep `media`). */
export function cssRules(css: string): CssRule[] {
  const rules: CssRule[] = []
  const walk = (text: string, media: string | undefined) => {
    let position = 0
    while (position < text.length) {
      const open = text.indexOf('{', position)
      if (open < 0) break
      const prelude = text.slice(position, open).trim()
      const close = matchingBrace(text, open)
      const body = text.slice(open + 1, close)
      if (prelude.startsWith('@')) walk(body, prelude)
      else rules.push({ selectors: prelude.split(',').map((selector) => selector.trim()), declarations: declarationsOf(body), media, order: rules.length })
      position = close + 1
    }
  }
  walk(css.replace(/\/\*[\s\S]*?\*\//g, ''), undefined)
  return rules
}

function matchingBrace(text: string, open: number): number {
  let depth = 0
  for (let index = open; index < text.length; index += 1) {
    if (text[index] === '{') depth += 1
    else if (text[index] === '}' && --depth === 0) return index
  }
  throw new Error(`unbalanced braces after ${text.slice(open - 40, open)}`)
}

function declarationsOf(body: string): Map<string, string> {
  const declarations = new Map<string, string>()
  for (const part of body.split(';')) {
    const colon = part.indexOf(':')
    if (colon > 0) declarations.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim())
  }
  return declarations
}

/** The custom properties declared on :root. */
export function customProperties(rules: CssRule[]): Map<string, string> {
  const properties = new Map<string, string>()
  for (const rule of rules.filter((candidate) => candidate.media === undefined && candidate.selectors.includes(':root'))) {
    for (const [name, value] of rule.declarations) if (name.startsWith('--')) properties.set(name, value)
  }
  return properties
}

/** `value` with every var(--name) replaced by its :root value, recursively. */
export function resolveVariables(value: string, properties: Map<string, string>): string {
  let resolved = value
  for (let depth = 0; depth < 10 && resolved.includes('var('); depth += 1) {
    resolved = resolved.replace(/var\((--[\w-]+)\)/g, (_, name: string) => {
      const found = properties.get(name)
      if (found === undefined) throw new Error(`${name} is not declared on :root`)
      return found
    })
  }
  return resolved
}

/** An element of given classes in given states (hover), for the cascade below. */
export interface ElementState {
  classes: string[]
  pseudoClasses?: string[]
}

/** A compound selector such as `.badge.ok` or `.button:hover`: its classes and pseudo-classes; null for anything else. */
export function compoundSelector(selector: string): { classes: string[]; pseudoClasses: string[] } | null {
  if (!/^(\.[\w-]+)+(:[\w-]+)*$/.test(selector)) return null
  return { classes: [...selector.matchAll(/\.([\w-]+)/g)].map((match) => match[1]!), pseudoClasses: [...selector.matchAll(/:([\w-]+)/g)].map((match) => match[1]!) }
}

/**
 * The value of `property` on an element of `state` from the top-level rules whose selector is a
 * compound of classes and pseudo-classes (the badge and button rules): the most specific wins, then
 * the last. Undefined when none sets it.
 */
export function cascadedValue(rules: CssRule[], state: ElementState, property: string): string | undefined {
  const candidates: Array<{ specificity: number; order: number; value: string }> = []
  for (const rule of rules) {
    if (rule.media !== undefined || !rule.declarations.has(property)) continue
    for (const selector of rule.selectors) {
      const compound = compoundSelector(selector)
      if (!compound) continue
      const matches = compound.classes.every((name) => state.classes.includes(name)) && compound.pseudoClasses.every((name) => (state.pseudoClasses ?? []).includes(name))
      if (matches) candidates.push({ specificity: compound.classes.length + compound.pseudoClasses.length, order: rule.order, value: rule.declarations.get(property)! })
    }
  }
  candidates.sort((a, b) => a.specificity - b.specificity || a.order - b.order)
  return candidates.at(-1)?.value
}

export interface Rgba {
  r: number
  g: number
  b: number
  a: number
}

/** A colour written as #rgb, #rrggbb, rgb()/rgba() or transparent; throws on anything else. */
export function parseColour(text: string): Rgba {
  const value = text.trim().toLowerCase()
  if (value === 'transparent') return { r: 0, g: 0, b: 0, a: 0 }
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(value)
  if (hex) {
    const digits = hex[1]!.length === 3 ? [...hex[1]!].map((digit) => digit + digit).join('') : hex[1]!
    return { r: parseInt(digits.slice(0, 2), 16), g: parseInt(digits.slice(2, 4), 16), b: parseInt(digits.slice(4, 6), 16), a: 1 }
  }
  const functional = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(value)
  if (functional) return { r: Number(functional[1]), g: Number(functional[2]), b: Number(functional[3]), a: functional[4] === undefined ? 1 : Number(functional[4]) }
  throw new Error(`not a colour this test reads: ${text}`)
}

/** `colour` painted over the opaque `backdrop`. */
export function over(colour: Rgba, backdrop: Rgba): Rgba {
  const mix = (top: number, bottom: number) => top * colour.a + bottom * (1 - colour.a)
  return { r: mix(colour.r, backdrop.r), g: mix(colour.g, backdrop.g), b: mix(colour.b, backdrop.b), a: 1 }
}

function relativeLuminance({ r, g, b }: Rgba): number {
  const channel = (value: number) => {
    const c = value / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/** The WCAG 2.1 contrast ratio of two opaque colours, 1 to 21. */
export function contrastRatio(first: Rgba, second: Rgba): number {
  const [lighter, darker] = [relativeLuminance(first), relativeLuminance(second)].sort((a, b) => b - a) as [number, number]
  return (lighter + 0.05) / (darker + 0.05)
}
