// A template body's review: what it reads that would print wrong without any error. Liquid prints
// nothing for a variable that does not exist, so `{{ customer.nmae }}` leaves a blank in a
// contract and the admin learns it from a customer; and a body that lists the installments but
// never the down payment prints, for a document with one, installments that do not add up to its
// total. These are notices, not errors: the body still parses, renders and can be saved.
//
// The review walks the parsed body the way Liquid's own static analysis does (each tag's
// arguments, then its children), adding what that analysis leaves out: the element a `for`
// loop's variable stands for (`item` in `{% for item in items %}`), so `item.nmae` is caught too.
import { createHash } from 'node:crypto'
import type { Template, Variable } from 'liquidjs'
import { liquid, liquidjs } from './liquid-engine.js'
import { TEMPLATE_VARIABLES } from './template-variables.js'

export type TemplateNotice =
  | {
      kind: 'unknown_variable'
      /** 1-based line of the body. */
      line: number
      /** As the body writes it, up to the part that does not exist: `customer.nmae`, `item.nome`. */
      variable: string
      /** The same with the nearest existing name in place of the wrong one, when one is close. */
      suggestion: string | null
      /**
       * Where the editor's script finds it on the line (0-based columns, a line's `\r` aside):
       * where the first one starts, and the wrong part of each one there, which `replacement` (the
       * name meant, quoted as the body quotes it) takes the place of. Null when the body wrote it
       * in a form whose parts cannot be told apart.
       */
      places: { start: number; wrong: string; columns: number[]; replacement: string | null } | null
    }
  | { kind: 'down_payment_not_stated' }

/** What a path of the document's variables leads to. `fields` holds each document's own custom fields. */
type Shape =
  | { kind: 'value' }
  | { kind: 'object'; fields: Map<string, Shape> }
  | { kind: 'list'; element: Shape }
  | { kind: 'free' }

/** A segment standing for "an element of the list" (a loop variable, `first`, an index). */
const ELEMENT: unique symbol = Symbol('element')
type PathSegment = string | number | Variable | typeof ELEMENT

function objectShape(): Extract<Shape, { kind: 'object' }> {
  return { kind: 'object', fields: new Map() }
}

/** The documented variables (template-variables.ts) as a tree: `items[].name` → items: list of {name}. */
function documentShape(): Shape {
  const root = objectShape()
  for (const variable of TEMPLATE_VARIABLES) {
    let node = root
    const parts = variable.split('.')
    parts.forEach((part, index) => {
      const last = index === parts.length - 1
      const name = part.replace(/\[\]$/, '')
      if (variable === 'fields') {
        node.fields.set(name, { kind: 'free' })
        return
      }
      if (part.endsWith('[]')) {
        const existing = node.fields.get(name)
        const list = existing?.kind === 'list' ? existing : { kind: 'list' as const, element: objectShape() }
        node.fields.set(name, list)
        node = list.element as Extract<Shape, { kind: 'object' }>
      } else if (last) {
        node.fields.set(name, { kind: 'value' })
      } else {
        const existing = node.fields.get(name)
        const child = existing?.kind === 'object' ? existing : objectShape()
        node.fields.set(name, child)
        node = child
      }
    })
  }
  return root
}

let shape: Shape | undefined

/** Where a path stops making sense: the index of its first segment that does not exist, or null. */
function unknownSegment(path: readonly PathSegment[]): { index: number; candidates: string[] } | null {
  shape ??= documentShape()
  let node: Shape = shape
  for (let index = 0; index < path.length; index++) {
    const segment = path[index]!
    if (node.kind === 'free') return null
    if (node.kind === 'list') {
      // Liquid's own: items.size, items.first, items.last, items[0], items.0, items[i].
      if (segment === 'size') node = { kind: 'value' }
      else if (segment === ELEMENT || segment === 'first' || segment === 'last' || typeof segment === 'number' || typeof segment === 'object' || /^\d+$/.test(segment)) node = node.element
      else return { index, candidates: ['size', 'first', 'last'] }
    } else if (node.kind === 'object') {
      // A key held in a variable (`customer[key]`) could be any: nothing to check past it.
      if (typeof segment === 'object') return null
      const child = typeof segment === 'string' ? node.fields.get(segment) : undefined
      // Liquid answers `size` of an object with its number of keys.
      if (child === undefined && segment === 'size') node = { kind: 'value' }
      else if (child === undefined) return { index, candidates: [...node.fields.keys()] }
      else node = child
    } else {
      // A text's or a number's only property Liquid reads: its size.
      if (segment !== 'size') return { index, candidates: ['size'] }
      node = { kind: 'value' }
    }
  }
  return null
}

/** Optimal string alignment distance: a swapped pair of letters ("nmae") counts as one change. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1)
      rows[i]![j] = best
    }
  }
  return rows[a.length]![b.length]!
}

/**
 * Names an admin is likely to guess, with Vendoc's for each: Portuguese ones, and the `length` or
 * `count` of other languages for Liquid's `size`. Offered only where that name exists at that point
 * of the path (`cliente.nome` → customer).
 */
const GUESSED_NAMES: ReadonlyMap<string, string> = new Map(Object.entries({
  cliente: 'customer', vendedor: 'seller', empresa: 'account', conta: 'account', itens: 'items', produtos: 'items',
  pagamento: 'payment', signatarios: 'signers', assinantes: 'signers', campos: 'fields', numero: 'number',
  titulo: 'title', observacoes: 'notes', validade: 'valid_until', hoje: 'today', situacao: 'status',
  nome: 'name', fantasia: 'trade_name', codigo: 'code', documento: 'document', telefone: 'phone',
  endereco: 'address', rua: 'street', bairro: 'district', cidade: 'city', estado: 'state', cep: 'postal_code',
  descricao: 'description', unidade: 'unit', quantidade: 'quantity', preco: 'unit_price', desconto: 'discount',
  subtotal: 'subtotal', forma: 'method', parcelas: 'installments', parcela: 'installment_amount',
  entrada: 'down_payment', cronograma: 'schedule', vencimento: 'due_in_days', valor: 'amount', papel: 'role', ordem: 'order',
  tamanho: 'size', length: 'size', count: 'size',
}))

/** Letters without their accents, lower case: "Número" → "numero". */
function plain(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

/** The candidate a typo (or a guessed name) most likely meant: within two changes (one for short names), the closest. */
function nearest(written: string, candidates: readonly string[]): string | null {
  const translated = GUESSED_NAMES.get(plain(written))
  if (translated !== undefined && candidates.includes(translated)) return translated
  const allowed = written.length <= 4 ? 1 : 2
  let best: { name: string; distance: number } | null = null
  for (const name of candidates) {
    const distance = editDistance(plain(written), name)
    if (distance <= allowed && (best === null || distance < best.distance)) best = { name, distance }
  }
  return best?.name ?? null
}

/** Names in scope while walking: the body's own (assign, capture, increment) and each block's (for, tablerow). */
class Scope {
  private readonly frames: Array<{ names: Set<string>; aliases: Map<string, PathSegment[]> }> = [{ names: new Set(), aliases: new Map() }]

  push(names: Iterable<string>): void {
    this.frames.push({ names: new Set(names), aliases: new Map() })
  }

  pop(): void {
    this.frames.pop()
  }

  /** assign, capture…: Liquid keeps them for the rest of the body, whichever block defined them. */
  defineGlobal(name: string): void {
    this.frames[0]!.names.add(name)
  }

  alias(name: string, path: PathSegment[] | null): void {
    const frame = this.frames[this.frames.length - 1]!
    if (path === null) frame.aliases.delete(name)
    else frame.aliases.set(name, path)
  }

  /**
   * What a name means: 'document' (one of Vendoc's variables), the document path a loop variable
   * stands for, or 'local' (the body's own, not checked). The innermost definition wins.
   */
  resolve(name: string): 'document' | 'local' | PathSegment[] {
    for (let index = this.frames.length - 1; index >= 0; index--) {
      const frame = this.frames[index]!
      const alias = frame.aliases.get(name)
      if (alias !== undefined) return alias
      if (frame.names.has(name)) return 'local'
    }
    return 'document'
  }
}

/** The 1-based line of each character offset of a body, by binary search over where its lines start. */
function lineFinder(body: string): (offset: number) => number {
  const starts = [0]
  for (let index = body.indexOf('\n'); index !== -1; index = body.indexOf('\n', index + 1)) starts.push(index + 1)
  return (offset) => {
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (starts[middle]! <= offset) low = middle
      else high = middle - 1
    }
    return low + 1
  }
}

type Token = { kind: number; begin: number; end: number; input: string }
type PropertyAccess = Token & { variable: unknown; props: Token[] }
type Filtered = { initial: { postfix: unknown[] }; filters: Array<{ args: unknown[] }> }

/**
 * The variables of one value: a path (`customer.address.city`, `items[i]` with `i` its own), the
 * ends of a range, what a filter's arguments read. Liquid's analysis does the same but finds each
 * variable's line by counting from the start of the body, which grows with the square of its
 * length (about 160 ms for 100,000 characters); here the line comes from `line`.
 */
function* valueVariables(value: unknown, line: (offset: number) => number): Generator<Variable> {
  const { TypeGuards, Value } = liquidjs()
  const token = value as Token
  if (value instanceof Value || TypeGuards.isFilteredValueToken(token as never)) {
    const filtered = value as Filtered
    for (const part of filtered.initial.postfix) yield* valueVariables(part, line)
    for (const filter of filtered.filters) {
      for (const argument of filter.args) yield* valueVariables(Array.isArray(argument) ? argument[1] : argument, line)
    }
  } else if (TypeGuards.isRangeToken(token as never)) {
    const range = value as { lhs: unknown; rhs: unknown }
    yield* valueVariables(range.lhs, line)
    yield* valueVariables(range.rhs, line)
  } else if (TypeGuards.isPropertyAccessToken(token as never)) {
    const access = value as PropertyAccess
    // A property of a literal or a group (`"texto".size`, `(1..5).last`) reads no variable of its
    // own: only what the group holds is checked.
    if (access.variable !== undefined) {
      yield* valueVariables(access.variable, line)
      return
    }
    const path = pathOf(access, line)
    yield path
    yield* nestedPaths(path)
  }
}

/** The paths used as indexes inside a path (`i` in `items[i]`), at any depth (`a[b[c]]`). */
function* nestedPaths(path: Variable): Generator<Variable> {
  for (const segment of path.segments) {
    if (segment instanceof liquidjs().Variable) {
      yield segment
      yield* nestedPaths(segment)
    }
  }
}

/** Where a path is written in the body: its first character, and each segment's own text (null when they cannot be told apart). */
interface WrittenPlace {
  input: string
  begin: number
  segments: Array<{ begin: number; end: number }> | null
}

const writtenPlaces = new WeakMap<Variable, WrittenPlace>()

/** A property access as a Variable: its names and indexes, a nested path (`items[i]`) as a Variable of its own. */
function pathOf(token: PropertyAccess, line: (offset: number) => number): Variable {
  const { TypeGuards, Variable: VariableClass } = liquidjs()
  const segments: Array<string | number | Variable> = []
  let spans: WrittenPlace['segments'] = []
  token.props.forEach((prop, index) => {
    if (TypeGuards.isPropertyAccessToken(prop as never)) {
      const nested = pathOf(prop as PropertyAccess, line)
      // A path that starts with a path (`(customer).name`) is one path; further on, it is an index.
      if (index === 0) {
        segments.push(...nested.segments)
        spans = null
      } else {
        segments.push(nested)
        spans?.push({ begin: prop.begin, end: prop.end })
      }
    } else if (TypeGuards.isQuotedToken(prop as never) || TypeGuards.isNumberToken(prop as never) || TypeGuards.isWordToken(prop as never)) {
      segments.push((prop as unknown as { content: string | number }).content)
      spans?.push({ begin: prop.begin, end: prop.end })
    }
  })
  const variable = new VariableClass(segments, { row: line(token.begin), col: 0 })
  writtenPlaces.set(variable, { input: token.input, begin: token.begin, segments: spans })
  return variable
}

/** A tag's, an output's or any node's own variables (not its children's). */
function variablesOf(node: Template, line: (offset: number) => number): Variable[] {
  if (!node.arguments) return []
  return [...node.arguments()].flatMap((argument) => [...valueVariables(argument, line)])
}

function childrenOf(node: Template): Template[] {
  if (!node.children) return []
  return liquidjs().toValueSync(node.children(false, true)) as Template[]
}

/** `for item in items` and `tablerow cell in items`: the loop variable and what it walks over. */
function loopOf(node: Template): { variable: string; collection: unknown } | null {
  const candidate = node as unknown as { variable?: unknown; collection?: unknown }
  return typeof candidate.variable === 'string' && candidate.collection !== undefined ? { variable: candidate.variable, collection: candidate.collection } : null
}

interface Reference {
  /** The document path, a loop variable replaced by what it stands for. */
  path: PathSegment[]
  /** The variable as written in the body. */
  written: Variable
  /** How many more segments `path` has than `written`: a loop variable's path is longer than its one name. */
  offset: number
}

/** The path a written variable stands for, or null when it is the body's own. */
function referenceOf(variable: Variable, scope: Scope): Reference | null {
  const [root, ...rest] = variable.segments
  if (typeof root !== 'string') return null
  const meaning = scope.resolve(root)
  if (meaning === 'local') return null
  if (meaning === 'document') return { path: [...variable.segments], written: variable, offset: 0 }
  return { path: [...meaning, ...rest], written: variable, offset: meaning.length - 1 }
}

/**
 * Every name the body makes itself (assign, capture, increment, decrement), wherever it does: a loop
 * may read on one pass what it assigned on the one before (`{% if sep %}, {% endif %}…{% assign sep = true %}`).
 */
function* ownNames(nodes: readonly Template[]): Generator<string> {
  for (const node of nodes) {
    if (node.localScope) for (const identifier of node.localScope()) yield identifier.content
    yield* ownNames(childrenOf(node))
  }
}

function collectReferences(nodes: readonly Template[], scope: Scope, line: (offset: number) => number, found: Reference[]): void {
  for (const node of nodes) {
    const loop = loopOf(node)
    for (const variable of variablesOf(node, line)) {
      // `{% for item in items offset: continue %}`: Liquid's word, read as a path by the parser.
      if (loop && variable.segments.length === 1 && variable.segments[0] === 'continue') continue
      const reference = referenceOf(variable, scope)
      if (reference) found.push(reference)
    }
    if (!node.children) continue
    const blockNames = node.blockScope ? [...node.blockScope()] : []
    scope.push(blockNames)
    if (loop) {
      // The collection's path (a range or a literal walks over nothing of the document's).
      const collection = liquidjs().TypeGuards.isPropertyAccessToken(loop.collection as never)
        ? pathOf(loop.collection as PropertyAccess, line)
        : undefined
      const reference = collection && referenceOf(collection, scope)
      // A collection that is not the document's (or not at all: already reported) leaves its loop variable unchecked.
      const path: PathSegment[] | null = reference ? [...reference.path, ELEMENT] : null
      scope.alias(loop.variable, path !== null && unknownSegment(path) === null ? path : null)
    }
    collectReferences(childrenOf(node), scope, line, found)
    scope.pop()
  }
}

/** The written variable up to its part at `index` (written), that part replaced by `replacement` when given. */
function writtenUpTo(written: Variable, index: number, replacement?: string): string {
  const segments = written.segments.slice(0, index + 1)
  if (replacement !== undefined) segments[index] = replacement
  return new (liquidjs().Variable)(segments, written.location).toString()
}

type UnknownVariable = Extract<TemplateNotice, { kind: 'unknown_variable' }>

/**
 * A wrong variable as the body writes it (its own text, up to and including the wrong part), with
 * the name meant in that part's place (quoted as the body quotes it), and where on its line they
 * are; null when the path's parts cannot be told apart in the body.
 */
function asWritten(written: Variable, index: number, meant: string | null) {
  const place = writtenPlaces.get(written)
  const span = place?.segments?.[index]
  if (!place || !span) return null
  const { input, begin } = place
  // A bracketed part (`customer["nmae"]`, `customer[ "nmae" ]`) ends with its own bracket.
  const bracketed = /\[\s*$/.test(input.slice(Math.max(begin, span.begin - 20), span.begin))
  const closing = bracketed ? /^\s*\]/.exec(input.slice(span.end, span.end + 20)) : null
  const end = closing ? span.end + closing[0].length : span.end
  const quote = input[span.begin] === '"' || input[span.begin] === "'" ? input[span.begin]! : ''
  const replacement = meant === null ? null : `${quote}${meant}${quote}`
  const lineStart = input.lastIndexOf('\n', begin - 1) + 1
  return {
    variable: input.slice(begin, end),
    suggestion: replacement === null ? null : input.slice(begin, span.begin) + replacement + input.slice(span.end, end),
    start: begin - lineStart,
    wrong: input.slice(span.begin, span.end),
    column: span.begin - lineStart,
    replacement,
  }
}

/** Each variable that leads nowhere, once per line, with the name it most likely meant and where it is written. */
function unknownVariables(references: readonly Reference[]): UnknownVariable[] {
  const notices = new Map<string, UnknownVariable>()
  for (const { path, written, offset } of references) {
    const unknown = unknownSegment(path)
    if (unknown === null) continue
    const index = unknown.index - offset
    const segment = path[unknown.index]
    const meant = typeof segment === 'string' ? nearest(segment, unknown.candidates) : null
    const source = asWritten(written, index, meant)
    const variable = source?.variable ?? writtenUpTo(written, index)
    const line = written.location.row
    const known = notices.get(`${line}:${variable}`)
    if (known) {
      if (source && known.places && !known.places.columns.includes(source.column)) known.places.columns.push(source.column)
      continue
    }
    notices.set(`${line}:${variable}`, {
      kind: 'unknown_variable',
      line,
      variable,
      suggestion: source ? source.suggestion : meant === null ? null : writtenUpTo(written, index, meant),
      places: source && { start: source.start, wrong: source.wrong, columns: [source.column], replacement: source.replacement },
    })
  }
  return [...notices.values()].sort((a, b) => a.line - b.line)
}

const INSTALLMENT_VARIABLES = ['installments', 'installment_amount', 'installment_amount_cents', 'schedule']
const DOWN_PAYMENT_VARIABLES = ['down_payment', 'down_payment_cents']

/** Whether the body shows the installments but never the down payment they are the rest of. */
function downPaymentMissing(references: readonly Reference[]): boolean {
  const payment = new Set(references.map(({ path }) => (path[0] === 'payment' ? path[1] : undefined)))
  return INSTALLMENT_VARIABLES.some((name) => payment.has(name)) && !DOWN_PAYMENT_VARIABLES.some((name) => payment.has(name))
}

/** The body's notices, in the order of its lines; none for a body that does not parse (its error says enough). */
export function reviewTemplateBody(body: string): TemplateNotice[] {
  let templates: Template[]
  try {
    templates = liquid().parse(body)
  } catch {
    return []
  }
  const references: Reference[] = []
  const scope = new Scope()
  for (const name of ownNames(templates)) scope.defineGlobal(name)
  collectReferences(templates, scope, lineFinder(body), references)
  return [...unknownVariables(references), ...(downPaymentMissing(references) ? [{ kind: 'down_payment_not_stated' as const }] : [])]
}

/** What the template list and a draft's page need of a stored body's review. */
export interface StoredBodyReview {
  notices: number
  omitsDownPayment: boolean
}

/** The last reviews of stored bodies, by digest, least recently used first (a Map keeps insertion order). */
const reviews = new Map<string, StoredBodyReview>()
const REMEMBERED_BODIES = 1_024

/**
 * The review of a stored body, remembered by the body's SHA-256: the template list and a draft's
 * page ask on every view, and a body changes only when an admin saves it.
 */
export function storedBodyReview(body: string): StoredBodyReview {
  const key = createHash('sha256').update(body).digest('base64')
  let review = reviews.get(key)
  if (review === undefined) {
    const notices = reviewTemplateBody(body)
    review = { notices: notices.length, omitsDownPayment: notices.some((notice) => notice.kind === 'down_payment_not_stated') }
    if (reviews.size >= REMEMBERED_BODIES) reviews.delete(reviews.keys().next().value!)
  } else {
    reviews.delete(key)
  }
  reviews.set(key, review)
  return review
}
