// The forms of the web app's pages, read from their HTML: where each one posts and the fields it
// sends with their current values, as a browser would submit it untouched. The form fuzz walks
// every page of the route table with it, so a new form is covered without anyone listing it.

export interface PageForm {
  /** The page the form was found on. */
  page: string
  action: string
  /** Field name → the value the page gives it (a box or radio button counts even unchecked, so the fuzz reaches it). */
  fields: Map<string, string>
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" }

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#39|#x27);/g, (_match, name: string) => ENTITIES[name]!)
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)
  return match ? decode(match[1]!) : undefined
}

function hasAttribute(tag: string, name: string): boolean {
  return new RegExp(`\\s${name}(?:[\\s>=]|/>)`).test(tag)
}

/**
 * The fields of a form's HTML. For the fuzz (the default), a box or radio button counts even
 * unchecked and a select without a chosen option takes its first real value, so every control is
 * reached; `asBrowser` reads them as a browser submits the form untouched instead (unchecked
 * boxes left out, a select's first option, nothing inside a `<template>`).
 */
function fieldsOf(html: string, asBrowser = false): Map<string, string> {
  const fields = new Map<string, string>()
  const body = asBrowser ? html.replace(/<template\b[\s\S]*?<\/template>/g, '') : html
  for (const match of body.matchAll(/<input\b[^>]*>/g)) {
    const tag = match[0]
    const name = attribute(tag, 'name')
    const type = attribute(tag, 'type') ?? 'text'
    if (!name || type === 'submit' || type === 'button' || type === 'file') continue
    const box = type === 'checkbox' || type === 'radio'
    if (box && !hasAttribute(tag, 'checked') && (asBrowser || fields.has(name))) continue
    fields.set(name, attribute(tag, 'value') ?? (type === 'checkbox' ? 'on' : ''))
  }
  for (const match of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attribute(match[1]!, 'name')
    if (name) fields.set(name, decode(match[2]!))
  }
  for (const match of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attribute(match[1]!, 'name')
    if (!name) continue
    const options = [...match[2]!.matchAll(/<option\b[^>]*>/g)].map((option) => option[0])
    const chosen = options.find((option) => hasAttribute(option, 'selected')) ?? (asBrowser ? options[0] : options.find((option) => attribute(option, 'value')))
    fields.set(name, chosen ? (attribute(chosen, 'value') ?? '') : '')
  }
  return fields
}

/**
 * The query parameters a page's own links and GET forms send (filters, pages, searches), by the
 * path they go to; the page's own path for a bare `?…` link.
 */
export function queryParametersIn(page: string, html: string): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>()
  const add = (path: string, name: string) => {
    if (!found.has(path)) found.set(path, new Set())
    found.get(path)!.add(name)
  }
  const pagePath = page.split('?')[0]!
  for (const match of html.matchAll(/\shref="([^"#]*\?[^"#]*)"/g)) {
    const url = new URL(decode(match[1]!), `http://vendoc.test${pagePath}`)
    if (url.host !== 'vendoc.test') continue
    for (const name of url.searchParams.keys()) add(url.pathname, name)
  }
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    if ((attribute(match[1]!, 'method') ?? 'get').toLowerCase() !== 'get') continue
    const path = new URL(attribute(match[1]!, 'action') ?? pagePath, `http://vendoc.test${pagePath}`).pathname
    for (const name of fieldsOf(match[2]!).keys()) add(path, name)
  }
  return found
}

/** Every `<form method="post">` of the page's HTML (`asBrowser`: its fields as a browser sends them untouched). */
export function postFormsIn(page: string, html: string, options: { asBrowser?: boolean } = {}): PageForm[] {
  const forms: PageForm[] = []
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const tag = match[1]!
    if ((attribute(tag, 'method') ?? 'get').toLowerCase() !== 'post') continue
    forms.push({ page, action: attribute(tag, 'action') ?? page, fields: fieldsOf(match[2]!, options.asBrowser) })
  }
  return forms
}
