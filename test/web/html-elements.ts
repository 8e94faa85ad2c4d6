// The elements of a server-rendered page, tag and attributes only (htmlparser2's streaming parser),
// for the accessibility tests that check attributes rather than text.
import { Parser } from 'htmlparser2'

export interface HtmlElement {
  tag: string
  attributes: Record<string, string>
}

export function elementsIn(html: string): HtmlElement[] {
  const elements: HtmlElement[] = []
  const parser = new Parser({ onopentag: (tag, attributes) => elements.push({ tag, attributes }) }, { decodeEntities: true })
  parser.write(html)
  parser.end()
  return elements
}

export function elementById(html: string, id: string): HtmlElement | undefined {
  return elementsIn(html).find((element) => element.attributes.id === id)
}

export function elementsWithClass(html: string, className: string): HtmlElement[] {
  return elementsIn(html).filter((element) => (element.attributes.class ?? '').split(/\s+/).includes(className))
}

/** The ids an attribute such as aria-describedby lists. */
export function idList(element: HtmlElement | undefined, attribute: string): string[] {
  return (element?.attributes[attribute] ?? '').split(/\s+/).filter(Boolean)
}

/** Ids that aria-describedby/aria-labelledby point at but no element carries, and ids used twice. */
export function brokenIdReferences(html: string): { missing: string[]; duplicated: string[] } {
  const elements = elementsIn(html)
  const ids = elements.map((element) => element.attributes.id).filter((id): id is string => id !== undefined)
  const known = new Set(ids)
  const referenced = elements.flatMap((element) => [...idList(element, 'aria-describedby'), ...idList(element, 'aria-labelledby')])
  return { missing: [...new Set(referenced.filter((id) => !known.has(id)))], duplicated: [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))] }
}
