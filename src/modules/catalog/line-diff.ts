// Line-by-line difference between two versions of a document template, for showing what an edit
// changed. Pure and dependency-free: the common prefix and suffix are trimmed, Myers' O(ND) greedy
// algorithm aligns the rest, and an edit too large to search is shown coarsely (all the changed
// middle removed, then all of it added) instead of costing unbounded time and memory.

export type DiffLine =
  | { kind: 'same'; text: string; oldLine: number; newLine: number }
  | { kind: 'removed'; text: string; oldLine: number }
  | { kind: 'added'; text: string; newLine: number }

export interface LineDiff {
  lines: DiffLine[]
  added: number
  removed: number
  /** true when the edit was too large for a minimal diff and the changed middle is shown as removed-then-added */
  coarse: boolean
}

export type DiffHunkItem = DiffLine | { kind: 'skipped'; count: number }

/**
 * Myers keeps one vector of furthest-reaching points per edit step to recover the path, so memory
 * grows with the square of the edit distance: D steps hold about D² integers (16 MB at 2,000), and
 * the search time grows with (lines × D). A template rewritten wholesale gains nothing from a
 * minimal diff anyway, so past this distance the changed middle is shown coarsely.
 */
const DEFAULT_MAX_EDIT_DISTANCE = 2_000

/**
 * The search's work is about (changed lines on both sides) × D, and it runs on the request's
 * thread: two 100,000-character bodies of 50,000 short lines each searched to D = 2,000 took
 * ~250 ms. The distance searched is therefore also bounded by this much work (~5 ms here): a
 * 300-line template still gets its minimal diff up to 2,000 edits, a 50,000-line one up to 40.
 */
const MAX_SEARCH_WORK = 4_000_000

type Step = 'same' | 'removed' | 'added'

/**
 * Lines are `text.split('\n')`, except that the empty text has zero lines: a template created from
 * nothing then reads as all added, rather than as one blank line replaced. Either way a side's lines
 * joined with '\n' give its text back. Templates are stored with LF endings (template-input.ts).
 */
function splitLines(text: string): string[] {
  return text === '' ? [] : text.split('\n')
}

export function diffLines(before: string, after: string, maxEditDistance: number = DEFAULT_MAX_EDIT_DISTANCE): LineDiff {
  if (!(maxEditDistance >= 0)) throw new RangeError(`maxEditDistance must be 0 or more, got ${maxEditDistance}`)
  const a = splitLines(before)
  const b = splitLines(after)

  // Most edits touch a small part of a template: trimming what did not change keeps the search to
  // the changed middle, and makes identical texts cost one pass.
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }

  const middleA = endA - start
  const middleB = endB - start
  const limit = Math.min(maxEditDistance, Math.floor(MAX_SEARCH_WORK / Math.max(1, middleA + middleB)))
  // Every alignment needs at least |N − M| edits, so a length gap beyond the limit skips the search.
  const steps = Math.abs(middleA - middleB) > limit ? null : shortestEdit(...internLines(a, b, start, endA, endB), limit)
  // With one side empty the coarse form is also the minimal one.
  const coarse = steps === null && middleA > 0 && middleB > 0
  const middle = steps ?? [...repeat('removed', middleA), ...repeat('added', middleB)]

  const script: Step[] = [...repeat('same', start), ...middle, ...repeat('same', a.length - endA)]
  return { ...toDiffLines(a, b, script), coarse }
}

function repeat(step: Step, count: number): Step[] {
  return new Array<Step>(count).fill(step)
}

/** Replaces each line of the middles by a number, so the search compares integers, not strings. */
function internLines(a: readonly string[], b: readonly string[], start: number, endA: number, endB: number): [Int32Array, Int32Array] {
  const ids = new Map<string, number>()
  const idOf = (line: string) => {
    let id = ids.get(line)
    if (id === undefined) {
      id = ids.size
      ids.set(line, id)
    }
    return id
  }
  return [Int32Array.from(a.slice(start, endA), idOf), Int32Array.from(b.slice(start, endB), idOf)]
}

/**
 * Myers' greedy algorithm: for d = 0, 1, … it finds, on each diagonal k = x − y, the furthest point
 * reachable with d edits, and stops when one reaches the end. Returns the edit script, or null
 * when more than maxD edits would be needed.
 */
function shortestEdit(a: Int32Array, b: Int32Array, maxD: number): Step[] | null {
  const n = a.length
  const m = b.length
  const limit = Math.min(maxD, n + m)
  const offset = limit + 1
  // v[offset + k] is the furthest x on diagonal k; zero-filled, so the start reads v[offset + 1] = 0.
  const v = new Int32Array(2 * limit + 3)
  // trace[d] holds v after step d for k in −d…d: the choices the backtrack has to replay.
  const trace: Int32Array[] = []
  for (let d = 0; d <= limit; d++) {
    for (let k = -d; k <= d; k += 2) {
      // Down (an added line) from diagonal k + 1, or right (a removed line) from k − 1,
      // whichever got further.
      const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
      let x = down ? v[offset + k + 1]! : v[offset + k - 1]! + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      v[offset + k] = x
      if (x >= n && y >= m) return backtrack(trace, d, n, m)
    }
    trace.push(v.slice(offset - d, offset + d + 1))
  }
  return null
}

/** Walks from the end back to the start through the recorded steps, collecting the script. */
function backtrack(trace: readonly Int32Array[], editCount: number, n: number, m: number): Step[] {
  const reversed: Step[] = []
  let x = n
  let y = m
  for (let d = editCount; d > 0; d--) {
    // prev covers k in −(d − 1)…(d − 1), so diagonal k sits at index k + d − 1.
    const prev = trace[d - 1]!
    const k = x - y
    const down = k === -d || (k !== d && prev[k - 1 + d - 1]! < prev[k + 1 + d - 1]!)
    const prevK = down ? k + 1 : k - 1
    const prevX = prev[prevK + d - 1]!
    const prevY = prevX - prevK
    while (x > prevX && y > prevY) {
      reversed.push('same')
      x--
      y--
    }
    reversed.push(down ? 'added' : 'removed')
    x = prevX
    y = prevY
  }
  // The first snake, taken with no edit at all.
  for (; x > 0; x--) reversed.push('same')
  return reversed.reverse()
}

/**
 * Turns the script into numbered lines. Within each run of changes the removed lines come before
 * the added ones, the way a unified diff reads; any order of a run rebuilds both sides the same.
 */
function toDiffLines(a: readonly string[], b: readonly string[], script: readonly Step[]): Omit<LineDiff, 'coarse'> {
  const lines: DiffLine[] = []
  let i = 0
  let j = 0
  let s = 0
  while (s < script.length) {
    if (script[s] === 'same') {
      lines.push({ kind: 'same', text: a[i]!, oldLine: i + 1, newLine: j + 1 })
      i++
      j++
      s++
      continue
    }
    let removed = 0
    let added = 0
    for (; s < script.length && script[s] !== 'same'; s++) {
      if (script[s] === 'removed') removed++
      else added++
    }
    for (const end = i + removed; i < end; i++) lines.push({ kind: 'removed', text: a[i]!, oldLine: i + 1 })
    for (const end = j + added; j < end; j++) lines.push({ kind: 'added', text: b[j]!, newLine: j + 1 })
  }
  // Every line of `before` is same or removed, every line of `after` same or added.
  const same = a.length + b.length - lines.length
  return { lines, added: b.length - same, removed: a.length - same }
}

/**
 * Keeps every changed line and up to `context` unchanged lines on each side of a change; each
 * longer run of unchanged lines becomes one skipped item. Runs at the very start or end only border
 * a change on one side, so they keep context on that side only.
 */
export function withContext(lines: readonly DiffLine[], context: number = 3): DiffHunkItem[] {
  if (!Number.isInteger(context) || context < 0) throw new RangeError(`context must be a whole number, 0 or more, got ${context}`)
  const items: DiffHunkItem[] = []
  let i = 0
  while (i < lines.length) {
    if (lines[i]!.kind !== 'same') {
      items.push(lines[i]!)
      i++
      continue
    }
    let end = i
    while (end < lines.length && lines[end]!.kind === 'same') end++
    const keepHead = i > 0 ? context : 0
    const keepTail = end < lines.length ? context : 0
    if (end - i > keepHead + keepTail) {
      for (const stop = i + keepHead; i < stop; i++) items.push(lines[i]!)
      items.push({ kind: 'skipped', count: end - i - keepTail })
      i = end - keepTail
    }
    for (; i < end; i++) items.push(lines[i]!)
  }
  return items
}
