// A rendered template body (HTML written by an account's admin) turned into plain text blocks a
// PDF can print: headings, paragraphs, list items, table rows, with bold/italic runs. The HTML is
// only read, token by token (htmlparser2's streaming parser: no DOM, no recursion, so hostile
// nesting cannot exhaust the stack); nothing in it is ever executed or fetched. Tags we do not
// know fall back to their text; scripts, styles and other non-content elements print nothing.
import { Parser } from 'htmlparser2'
import { printableText } from './pdf-fonts.js'

export interface TextRun {
  text: string
  bold: boolean
  italic: boolean
}

export type BlockKind = 'h1' | 'h2' | 'h3' | 'p' | 'li' | 'row' | 'rule'

export interface TextBlock {
  kind: BlockKind
  /** List items: "• " or "3. "; indentation level of nested lists. */
  marker?: string
  indent?: number
  runs: TextRun[]
}

/** Elements whose content is not document text. */
const SKIPPED = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'canvas', 'audio', 'video', 'select', 'button', 'textarea'])
/** Elements that start and end a paragraph of their own. */
const PARAGRAPHS = new Set(['p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'blockquote', 'address', 'pre', 'figure', 'figcaption', 'dl', 'dt', 'dd', 'caption', 'form', 'fieldset', 'center', 'h4', 'h5', 'h6'])
const HEADINGS: Record<string, BlockKind> = { h1: 'h1', h2: 'h2', h3: 'h3' }
const BOLD = new Set(['strong', 'b', 'th'])
const ITALIC = new Set(['em', 'i', 'cite', 'var', 'dfn'])
/** More blocks than any real document has: past this, the rest of a hostile body is dropped. */
const MAX_BLOCKS = 20_000

export function htmlToBlocks(html: string): TextBlock[] {
  const blocks: TextBlock[] = []
  const lists: Array<{ ordered: boolean; counter: number }> = []
  let skipDepth = 0
  let boldDepth = 0
  let italicDepth = 0
  let preDepth = 0
  let current: TextBlock = { kind: 'p', runs: [] }
  let cellsInRow = 0

  function flush(next: Omit<TextBlock, 'runs'> = { kind: 'p' }): void {
    const runs = normalise(current.runs, preDepth > 0)
    if (runs.length > 0 && blocks.length < MAX_BLOCKS) blocks.push({ ...current, runs })
    current = { ...next, runs: [] }
  }

  function append(text: string): void {
    if (text === '') return
    current.runs.push({ text, bold: boldDepth > 0, italic: italicDepth > 0 })
  }

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (skipDepth > 0 || SKIPPED.has(name)) {
          if (SKIPPED.has(name)) skipDepth += 1
          return
        }
        if (BOLD.has(name)) boldDepth += 1
        if (ITALIC.has(name)) italicDepth += 1
        const heading = HEADINGS[name]
        if (heading) flush({ kind: heading })
        else if (name === 'pre') {
          flush()
          preDepth += 1
        } else if (PARAGRAPHS.has(name)) flush()
        else if (name === 'br') append('\n')
        else if (name === 'hr') {
          flush({ kind: 'rule' })
          blocks.push({ kind: 'rule', runs: [] })
        } else if (name === 'ul' || name === 'ol') {
          flush()
          lists.push({ ordered: name === 'ol', counter: 0 })
        } else if (name === 'li') {
          const list = lists[lists.length - 1]
          if (list) list.counter += 1
          flush({ kind: 'li', marker: list?.ordered ? `${list.counter}. ` : '• ', indent: Math.max(0, lists.length - 1) })
        } else if (name === 'table' || name === 'thead' || name === 'tbody' || name === 'tfoot') flush()
        else if (name === 'tr') {
          flush({ kind: 'row' })
          cellsInRow = 0
        } else if (name === 'td' || name === 'th') {
          if (cellsInRow > 0) current.runs.push({ text: '  |  ', bold: false, italic: false })
          cellsInRow += 1
        } else if (name === 'img' && typeof attributes.alt === 'string' && attributes.alt.trim() !== '') append(`[${attributes.alt}]`)
      },
      ontext(text) {
        // Outside <pre>, source newlines are plain whitespace (the no-break space is not).
        if (skipDepth === 0) append(preDepth > 0 ? text : text.replace(/[ \t\n\r\f]+/g, ' '))
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) {
          if (skipDepth > 0) skipDepth -= 1
          return
        }
        if (skipDepth > 0) return
        if (BOLD.has(name) && boldDepth > 0) boldDepth -= 1
        if (ITALIC.has(name) && italicDepth > 0) italicDepth -= 1
        if (name === 'pre') {
          flush()
          if (preDepth > 0) preDepth -= 1
        } else if (HEADINGS[name] || PARAGRAPHS.has(name) || name === 'li' || name === 'tr' || name === 'table') flush()
        else if (name === 'ul' || name === 'ol') {
          flush()
          lists.pop()
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: false },
  )
  parser.write(html)
  parser.end()
  flush()
  return blocks
}

/**
 * HTML whitespace rules on a block's runs: consecutive spaces collapse to one, none at the start
 * or end of a line (explicit <br> breaks stay); adjacent runs of the same style merge. Inside
 * <pre> the text is kept as written.
 */
function normalise(runs: TextRun[], preformatted: boolean): TextRun[] {
  const merged: TextRun[] = []
  let previous = '\n'
  for (const run of runs) {
    let text = printableText(run.text)
    if (!preformatted) {
      text = text.replace(/ {2,}/g, ' ')
      if ((previous === ' ' || previous === '\n') && text.startsWith(' ')) text = text.slice(1)
    }
    if (text === '') continue
    previous = text[text.length - 1]!
    const last = merged[merged.length - 1]
    if (last && last.bold === run.bold && last.italic === run.italic) last.text += text
    else merged.push({ ...run, text })
  }
  if (!preformatted) for (const run of merged) run.text = run.text.replace(/ +\n/g, '\n')
  const last = merged[merged.length - 1]
  if (last) last.text = last.text.replace(/\s+$/, '')
  const kept = merged.filter((run) => run.text !== '')
  return kept.some((run) => run.text.trim() !== '') ? kept : []
}
