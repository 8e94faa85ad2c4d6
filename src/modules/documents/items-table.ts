// The items table of the original PDF: a header row, repeated at the top of every page the table
// spans, then one row per item. Nothing in it is cut or split mid-figure: the columns of amounts,
// quantities and units are as wide as the document's widest value (the description gives up the
// width), and a row taller than the rest of its page (a description may hold 2,000 characters,
// more than a page of this column) goes on from the next page, under the header row again.
import type { DocumentContext } from '../rendering/document-context.js'
import { printableText } from './pdf-fonts.js'
import { PDF_LABELS as L } from './pdf-labels.js'
import { bottomOf, breakableText, contentWidth, FONT, LINE, MARGIN, sectionTitle, type Doc } from './pdf-page.js'

type ColumnKey = keyof typeof L.columns
type Cells = Record<ColumnKey, string>

interface Column {
  key: ColumnKey
  width: number
  align: 'left' | 'right'
}

/** A row laid out: each cell as the lines it wraps into in its column. */
interface Row {
  lines: Record<ColumnKey, string[]>
  /** The lines of its tallest cell. */
  lineCount: number
  /** From one line's top to the next's, in its font. */
  lineAdvance: number
  header: boolean
}

interface Table {
  columns: Column[]
  header: Row
  rows: Row[]
}

const CELL_PADDING = 4
const TABLE_SIZE = 8
const CELL_LINE_GAP = 1
const HEADER_FILL = '#eef0f4'

/** The widths for ordinary values (they add up to the content width of an A4 page). */
const BASE_COLUMNS: readonly Column[] = [
  { key: 'code', width: 80, align: 'left' },
  { key: 'description', width: 133, align: 'left' },
  { key: 'quantity', width: 40, align: 'right' },
  { key: 'unit', width: 30, align: 'left' },
  { key: 'unitPrice', width: 72, align: 'right' },
  { key: 'discount', width: 64, align: 'right' },
  { key: 'total', width: 76, align: 'right' },
]

/**
 * Columns widened to their widest value, up to a limit. A figure split across lines gets misread,
 * so amounts and quantities have none; a unit (up to 20 characters) gets up to 80 pt, room for
 * "metro quadrado" ("licença" needs 37).
 */
const FIT_TO_VALUES: Partial<Record<ColumnKey, number>> = { quantity: Infinity, unit: 80, unitPrice: Infinity, discount: Infinity, total: Infinity }
/** pdfkit fits a word in a line when its width is at most the line's: room for rounding. */
const WIDTH_SLACK = 0.5
/**
 * The description gives up the width the other columns gain, down to this; past it (amounts of
 * billions) it takes width back from the code column and then the unit, down to these widths.
 */
const DESCRIPTION_MIN = 96
const DONORS: ReadonlyArray<{ key: ColumnKey; least: number }> = [{ key: 'code', least: 48 }, { key: 'unit', least: 30 }]
/** A row that must break across pages starts on a page with room for at least this many of its lines. */
const MIN_LINES_BEFORE_BREAK = 3

export function writeItems(doc: Doc, items: DocumentContext['items']): void {
  const table = layOutTable(doc, items.map(cellTexts))
  const first = table.rows[0]
  // The heading, the header row and the first row (or what of it starts on this page) stay together.
  sectionTitle(doc, L.items, rowHeight(table.header, table.header.lineCount) + (first ? heightOnStartingPage(doc, table, first) : 0))
  drawRow(doc, table, table.header)
  for (const row of table.rows) drawRow(doc, table, row)
  doc.moveDown(0.6)
}

function cellTexts(item: DocumentContext['items'][number]): Cells {
  return {
    code: item.code,
    description: item.description ? `${item.name}\n${item.description}` : item.name,
    quantity: item.quantity,
    unit: item.unit,
    unitPrice: item.unit_price,
    discount: item.discount_cents === 0 ? '—' : item.discount,
    total: item.total,
  }
}

function layOutTable(doc: Doc, items: Cells[]): Table {
  const cells = items.map((item) => mapCells(item, (text) => breakableText(printableText(text))))
  const columns = sizeColumns(doc, cells)
  return {
    columns,
    header: layOutRow(doc, columns, L.columns, true),
    rows: cells.map((row) => layOutRow(doc, columns, row, false)),
  }
}

function mapCells(cells: Cells, map: (text: string) => string): Cells {
  return Object.fromEntries(Object.entries(cells).map(([key, text]) => [key, map(text)])) as Cells
}

function sizeColumns(doc: Doc, rows: Cells[]): Column[] {
  doc.font(FONT.regular).fontSize(TABLE_SIZE)
  const columns = BASE_COLUMNS.map((column) => {
    const limit = FIT_TO_VALUES[column.key]
    if (limit === undefined) return { ...column }
    const widest = Math.max(0, ...rows.map((row) => doc.widthOfString(row[column.key])))
    return { ...column, width: Math.max(column.width, Math.min(limit, Math.ceil(widest + WIDTH_SLACK) + 2 * CELL_PADDING)) }
  })
  const column = (key: ColumnKey) => columns.find((candidate) => candidate.key === key)!
  const description = column('description')
  description.width -= columns.reduce((sum, { width }) => sum + width, 0) - BASE_COLUMNS.reduce((sum, { width }) => sum + width, 0)
  for (const { key, least } of DONORS) {
    const donor = column(key)
    const taken = Math.max(0, Math.min(DESCRIPTION_MIN - description.width, donor.width - least))
    donor.width -= taken
    description.width += taken
  }
  return columns
}

function layOutRow(doc: Doc, columns: Column[], cells: Cells, header: boolean): Row {
  doc.font(header ? FONT.bold : FONT.regular).fontSize(TABLE_SIZE)
  const lines = Object.fromEntries(columns.map((column) => [column.key, wrappedLines(doc, cells[column.key], column.width - 2 * CELL_PADDING)])) as Row['lines']
  return {
    lines,
    lineCount: Math.max(0, ...Object.values(lines).map((cell) => cell.length)),
    lineAdvance: doc.currentLineHeight(true) + CELL_LINE_GAP,
    header,
  }
}

/** pdfkit's internal text method, the one heightOfString measures with: its callback gets each line. */
interface PdfkitTextInternals {
  _text(text: string, x: number, y: number, options: PDFKit.Mixins.TextOptions, lineCallback: (line: string) => void): void
}

/**
 * The lines pdfkit wraps `text` into at `width` in the current font. pdfkit tells only a text's
 * height, but its line breaker (Unicode's rules, a word wider than the line broken between
 * characters) hands each line to the callback of its internal _text. Drawn one under another,
 * those lines print exactly what a single text() call would, and a row can stop after any of them
 * at a page's end and go on from the next: no character is lost.
 */
function wrappedLines(doc: Doc, text: string, width: number): string[] {
  if (text === '') return []
  const internals = doc as unknown as Partial<PdfkitTextInternals>
  if (typeof internals._text !== 'function') throw new Error('pdfkit no longer has _text: the items table cannot wrap its cells')
  const lines: string[] = []
  const { x, y } = doc
  internals._text.call(doc, text, x, y, { width, lineGap: CELL_LINE_GAP, height: Infinity }, (line) => {
    // A line that ends at a line break carries it.
    lines.push(line.replace(/\n$/, ''))
  })
  doc.x = x
  doc.y = y
  return lines
}

function rowHeight(row: Row, lineCount: number): number {
  return lineCount * row.lineAdvance + 2 * CELL_PADDING
}

/** How many of a row's lines fit between doc.y and the bottom of the page. */
function linesThatFit(doc: Doc, row: Row, top = doc.y): number {
  let count = Math.max(0, Math.floor((bottomOf(doc) - top - 2 * CELL_PADDING) / row.lineAdvance))
  while (count > 0 && top + rowHeight(row, count) > bottomOf(doc)) count -= 1
  return count
}

function linesOnNewPage(doc: Doc, table: Table, row: Row): number {
  return linesThatFit(doc, row, MARGIN.top + rowHeight(table.header, table.header.lineCount))
}

/** What of `row` drawRow puts on the current page, if it starts there at all. */
function heightOnStartingPage(doc: Doc, table: Table, row: Row): number {
  return rowHeight(row, row.lineCount <= linesOnNewPage(doc, table, row) ? row.lineCount : MIN_LINES_BEFORE_BREAK)
}

/**
 * Draws a row at doc.y and moves below it. A row that fits on a page never breaks: it moves to the
 * next page when this one has no room for it. A taller one fills the page (given room for a few of
 * its lines) and goes on from the next, each page starting with the header row.
 */
function drawRow(doc: Doc, table: Table, row: Row): void {
  let from = 0
  for (;;) {
    const room = linesThatFit(doc, row)
    if (row.lineCount - from <= room) {
      drawLines(doc, table, row, from, row.lineCount)
      return
    }
    const breaks = from > 0 || row.lineCount > linesOnNewPage(doc, table, row)
    if (breaks && room >= MIN_LINES_BEFORE_BREAK) {
      drawLines(doc, table, row, from, from + room)
      from += room
    }
    doc.addPage()
    if (!row.header) drawRow(doc, table, table.header)
  }
}

/** Draws lines [from, to) of each cell of a row at doc.y, and moves below them. */
function drawLines(doc: Doc, table: Table, row: Row, from: number, to: number): void {
  doc.font(row.header ? FONT.bold : FONT.regular).fontSize(TABLE_SIZE)
  const top = doc.y
  const height = rowHeight(row, to - from)
  if (row.header) doc.save().rect(MARGIN.left, top, contentWidth(doc), height).fill(HEADER_FILL).restore()
  doc.fillColor('black')
  let x = MARGIN.left
  for (const column of table.columns) {
    // Line by line: joined by "\n", a line would be wrapped again with the width of that character
    // added to its last word, and might no longer fit.
    row.lines[column.key].slice(from, to).forEach((line, index) => {
      if (line !== '') doc.text(line, x + CELL_PADDING, top + CELL_PADDING + index * row.lineAdvance, { width: column.width - 2 * CELL_PADDING, align: column.align })
    })
    x += column.width
  }
  // No rule under a part that goes on on the next page: the row is not over.
  if (to === row.lineCount) {
    doc.save().moveTo(MARGIN.left, top + height).lineTo(MARGIN.left + contentWidth(doc), top + height).lineWidth(0.5).strokeColor(LINE).stroke().restore()
  }
  doc.x = MARGIN.left
  doc.y = top + height
}
