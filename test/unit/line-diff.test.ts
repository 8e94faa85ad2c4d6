// diffLines and withContext (modules/catalog/line-diff.ts): both sides rebuild from the diff, line
// numbers run on, the edit count is minimal (checked against a plain LCS table), a large edit falls
// back to the coarse form, and the context view drops only unchanged lines far from a change.
import { describe, expect, it } from 'vitest'
import { type DiffHunkItem, type DiffLine, type LineDiff, diffLines, withContext } from '../../src/modules/catalog/line-diff.js'

/** mulberry32: a tiny seeded generator, so a failing case can be replayed exactly. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The module's convention: the empty text has no lines, any other text is split on '\n'. */
const linesOf = (text: string) => (text === '' ? [] : text.split('\n'))

const oldSide = (diff: LineDiff) => diff.lines.flatMap((line) => (line.kind === 'added' ? [] : [line]))
const newSide = (diff: LineDiff) => diff.lines.flatMap((line) => (line.kind === 'removed' ? [] : [line]))
const oldLineNumbers = (diff: LineDiff) => diff.lines.flatMap((line) => (line.kind === 'added' ? [] : [line.oldLine]))
const newLineNumbers = (diff: LineDiff) => diff.lines.flatMap((line) => (line.kind === 'removed' ? [] : [line.newLine]))
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

/** Minimal number of added + removed lines: n + m − 2·LCS, from the textbook O(n·m) table. */
function minimalEdits(before: string, after: string): number {
  const a = linesOf(before)
  const b = linesOf(after)
  let previous = new Int32Array(b.length + 1)
  let current = new Int32Array(b.length + 1)
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!)
    }
    ;[previous, current] = [current, previous]
  }
  return a.length + b.length - 2 * previous[b.length]!
}

/** Everything that must hold for any diff, minimal or coarse. */
function expectConsistent(diff: LineDiff, before: string, after: string) {
  expect(oldSide(diff).map((line) => line.text).join('\n')).toBe(before)
  expect(newSide(diff).map((line) => line.text).join('\n')).toBe(after)
  expect(oldLineNumbers(diff)).toEqual(oneTo(linesOf(before).length))
  expect(newLineNumbers(diff)).toEqual(oneTo(linesOf(after).length))
  expect(diff.added).toBe(diff.lines.filter((line) => line.kind === 'added').length)
  expect(diff.removed).toBe(diff.lines.filter((line) => line.kind === 'removed').length)
  // Within a changed block, removed lines come first: an added line is never followed by a removed one.
  diff.lines.forEach((line, i) => {
    if (line.kind === 'added') expect(diff.lines[i + 1]?.kind).not.toBe('removed')
  })
}

function randomText(random: () => number, alphabet: readonly string[], maxLines: number): string {
  const count = Math.floor(random() * (maxLines + 1))
  return Array.from({ length: count }, () => alphabet[Math.floor(random() * alphabet.length)]!).join('\n')
}

/** A template-like text: mostly distinct lines, with the blank lines and closing tags real ones repeat. */
function realisticTemplate(lineCount: number): string[] {
  return Array.from({ length: lineCount }, (_, i) => {
    if (i % 7 === 3) return ''
    if (i % 11 === 5) return '{% endif %}'
    return `<p>Cláusula ${i}: {{ document.field_${i % 97} }} conforme o item ${i}.</p>`
  })
}

describe('diffLines', () => {
  it('reports identical texts as all same, with nothing added or removed', () => {
    const text = 'Olá {{ customer.name }},\n\nSegue a proposta.\n'
    const diff = diffLines(text, text)
    expect(diff).toEqual({
      lines: [
        { kind: 'same', text: 'Olá {{ customer.name }},', oldLine: 1, newLine: 1 },
        { kind: 'same', text: '', oldLine: 2, newLine: 2 },
        { kind: 'same', text: 'Segue a proposta.', oldLine: 3, newLine: 3 },
        { kind: 'same', text: '', oldLine: 4, newLine: 4 },
      ],
      added: 0,
      removed: 0,
      coarse: false,
    })
  })

  it('treats the empty text as zero lines', () => {
    expect(diffLines('', '')).toEqual({ lines: [], added: 0, removed: 0, coarse: false })
    // A single newline is two empty lines, as '\n'.split('\n') says.
    expect(diffLines('', '\n')).toEqual({
      lines: [
        { kind: 'added', text: '', newLine: 1 },
        { kind: 'added', text: '', newLine: 2 },
      ],
      added: 2,
      removed: 0,
      coarse: false,
    })
  })

  it('shows a text written from nothing as all added', () => {
    expect(diffLines('', 'a\nb')).toEqual({
      lines: [
        { kind: 'added', text: 'a', newLine: 1 },
        { kind: 'added', text: 'b', newLine: 2 },
      ],
      added: 2,
      removed: 0,
      coarse: false,
    })
  })

  it('shows a text emptied as all removed', () => {
    expect(diffLines('a\nb', '')).toEqual({
      lines: [
        { kind: 'removed', text: 'a', oldLine: 1 },
        { kind: 'removed', text: 'b', oldLine: 2 },
      ],
      added: 0,
      removed: 2,
      coarse: false,
    })
  })

  it('shows a line inserted in the middle, moving the later new line numbers', () => {
    expect(diffLines('a\nb\nc', 'a\nb\nX\nc').lines).toEqual([
      { kind: 'same', text: 'a', oldLine: 1, newLine: 1 },
      { kind: 'same', text: 'b', oldLine: 2, newLine: 2 },
      { kind: 'added', text: 'X', newLine: 3 },
      { kind: 'same', text: 'c', oldLine: 3, newLine: 4 },
    ])
  })

  it('shows a line deleted, moving the later new line numbers back', () => {
    const diff = diffLines('a\nb\nc\nd', 'a\nc\nd')
    expect(diff.lines).toEqual([
      { kind: 'same', text: 'a', oldLine: 1, newLine: 1 },
      { kind: 'removed', text: 'b', oldLine: 2 },
      { kind: 'same', text: 'c', oldLine: 3, newLine: 2 },
      { kind: 'same', text: 'd', oldLine: 4, newLine: 3 },
    ])
    expect([diff.added, diff.removed]).toEqual([0, 1])
  })

  it('shows a replaced line as removed then added, each with its own side line number', () => {
    const diff = diffLines('a\nb\nc', 'a\nB\nc')
    expect(diff.lines).toEqual([
      { kind: 'same', text: 'a', oldLine: 1, newLine: 1 },
      { kind: 'removed', text: 'b', oldLine: 2 },
      { kind: 'added', text: 'B', newLine: 2 },
      { kind: 'same', text: 'c', oldLine: 3, newLine: 3 },
    ])
    expect([diff.added, diff.removed]).toEqual([1, 1])
  })

  it('groups a replaced block as all its removed lines, then all its added lines', () => {
    expect(diffLines('top\na\nb\nc\nbottom', 'top\nx\ny\nbottom').lines.map((line) => `${line.kind} ${line.text}`)).toEqual([
      'same top',
      'removed a',
      'removed b',
      'removed c',
      'added x',
      'added y',
      'same bottom',
    ])
  })

  it('shows a trailing newline added or removed as an empty last line', () => {
    expect(diffLines('a\nb', 'a\nb\n').lines).toEqual([
      { kind: 'same', text: 'a', oldLine: 1, newLine: 1 },
      { kind: 'same', text: 'b', oldLine: 2, newLine: 2 },
      { kind: 'added', text: '', newLine: 3 },
    ])
    expect(diffLines('a\nb\n', 'a\nb').lines).toEqual([
      { kind: 'same', text: 'a', oldLine: 1, newLine: 1 },
      { kind: 'same', text: 'b', oldLine: 2, newLine: 2 },
      { kind: 'removed', text: '', oldLine: 3 },
    ])
  })

  it('finds a minimal diff that rebuilds both sides, for a few hundred random pairs', () => {
    const random = mulberry32(20_240_611)
    const alphabet = ['a', 'b', 'c', '', '{% if x %}']
    let changedPairs = 0
    for (let round = 0; round < 400; round++) {
      const before = randomText(random, alphabet, 12)
      // Half the pairs are edits of `before`, half unrelated texts, so both shapes are covered.
      const after =
        round % 2 === 0
          ? linesOf(before)
              .flatMap((line) => (random() < 0.2 ? [] : random() < 0.2 ? [line, alphabet[Math.floor(random() * alphabet.length)]!] : [line]))
              .join('\n')
          : randomText(random, alphabet, 12)
      const diff = diffLines(before, after)
      expectConsistent(diff, before, after)
      expect(diff.coarse).toBe(false)
      expect(diff.added + diff.removed, `${JSON.stringify(before)} → ${JSON.stringify(after)}`).toBe(minimalEdits(before, after))
      if (before !== after) changedPairs++
    }
    // The generator must actually produce differences for the property to mean anything.
    expect(changedPairs).toBeGreaterThan(300)
  })

  it('falls back to the coarse form past the edit distance limit, still rebuilding both sides', () => {
    const before = 'head\na\nb\nc\nd\ntail'
    const after = 'head\nw\nx\ny\nz\ntail'
    const diff = diffLines(before, after, 2)
    expect(diff.coarse).toBe(true)
    expectConsistent(diff, before, after)
    // The unchanged head and tail are still shown as such; only the middle is coarse.
    expect(diff.lines.map((line) => `${line.kind} ${line.text}`)).toEqual([
      'same head',
      'removed a',
      'removed b',
      'removed c',
      'removed d',
      'added w',
      'added x',
      'added y',
      'added z',
      'same tail',
    ])
    expect([diff.added, diff.removed]).toEqual([4, 4])
  })

  it('is coarse even when part of the middle matches, if the limit is below the real distance', () => {
    const before = 'a\nb\nc\nd\ne'
    const after = 'x\nb\ny\nd\nz'
    expect(minimalEdits(before, after)).toBe(6)
    const exact = diffLines(before, after, 6)
    expect(exact.coarse).toBe(false)
    expect(exact.added + exact.removed).toBe(6)
    const coarse = diffLines(before, after, 5)
    expect(coarse.coarse).toBe(true)
    expectConsistent(coarse, before, after)
    expect([coarse.added, coarse.removed]).toEqual([5, 5])
  })

  it('is not coarse when one side of the middle is empty, however long: the plain form is minimal', () => {
    const before = 'a\nz'
    const after = ['a', ...oneTo(50).map(String), 'z'].join('\n')
    const diff = diffLines(before, after, 2)
    expect(diff.coarse).toBe(false)
    expectConsistent(diff, before, after)
    expect([diff.added, diff.removed]).toEqual([50, 0])
  })

  it('uses the coarse form by default for a wholesale rewrite, without searching it all', () => {
    const before = oneTo(5_000).map((i) => `old ${i}`).join('\n')
    const after = oneTo(5_000).map((i) => `new ${i}`).join('\n')
    const diff = diffLines(before, after)
    expect(diff.coarse).toBe(true)
    expectConsistent(diff, before, after)
    expect([diff.added, diff.removed]).toEqual([5_000, 5_000])
  })

  it('bounds the search by its work as well: a long body with many scattered edits is coarse below 2,000 edits', () => {
    // 20,000 lines a side, 300 lines replaced (600 edits): within the distance limit, beyond the
    // work a request may spend (4,000,000 / 40,000 lines = 100 edits).
    const before = oneTo(20_000).map((i) => `linha ${i}`)
    const after = before.map((line, index) => (index % 66 === 0 && index < 19_800 ? `${line} alterada` : line))
    const [beforeText, afterText] = [before.join('\n'), after.join('\n')]
    const diff = diffLines(beforeText, afterText)
    expect(diff.coarse).toBe(true)
    expectConsistent(diff, beforeText, afterText)
    // The same edits on a short stretch are searched to the end.
    const short = diffLines(before.slice(0, 2_000).join('\n'), after.slice(0, 2_000).join('\n'))
    expect(short.coarse).toBe(false)
    expect([short.added, short.removed]).toEqual([31, 31])
  })

  it('finds the minimal diff of a 3,000-line template with 20 scattered edits', () => {
    const random = mulberry32(7)
    const before = realisticTemplate(3_000)
    const after = [...before]
    // Edits from the end backwards, so earlier positions stay valid as lines come and go.
    const positions = Array.from({ length: 20 }, (_, i) => 100 + i * 140 + Math.floor(random() * 40))
    for (const [i, position] of positions.toReversed().entries()) {
      if (i % 3 === 0) after.splice(position, 1, `<p>Texto novo ${i}</p>`)
      else if (i % 3 === 1) after.splice(position, 0, `<p>Inserido ${i}</p>`, '')
      else after.splice(position, 2)
    }
    const [beforeText, afterText] = [before.join('\n'), after.join('\n')]
    const diff = diffLines(beforeText, afterText)
    expect(diff.coarse).toBe(false)
    expectConsistent(diff, beforeText, afterText)
    const minimal = minimalEdits(beforeText, afterText)
    expect(diff.added + diff.removed).toBe(minimal)
    // 7 replacements (2 each), 7 insertions of 2 lines, 6 deletions of 2 lines.
    expect(minimal).toBeLessThanOrEqual(7 * 2 + 7 * 2 + 6 * 2)
    expect(minimal).toBeGreaterThan(0)
  })

  it('rejects a negative or missing-number edit distance limit', () => {
    expect(() => diffLines('a', 'b', -1)).toThrow(RangeError)
    expect(() => diffLines('a', 'b', Number.NaN)).toThrow(RangeError)
  })
})

const same = (n: number): DiffLine => ({ kind: 'same', text: `s${n}`, oldLine: n, newLine: n })
const describeItems = (items: readonly DiffHunkItem[]) =>
  items.map((item) => (item.kind === 'skipped' ? `skip ${item.count}` : `${item.kind} ${item.text}`))

describe('withContext', () => {
  it('keeps three lines of context on each side of a change by default, skipping the rest', () => {
    const before = oneTo(20).map((i) => `l${i}`).join('\n')
    const after = before.replace('l10', 'L10')
    expect(describeItems(withContext(diffLines(before, after).lines))).toEqual([
      'skip 6',
      'same l7',
      'same l8',
      'same l9',
      'removed l10',
      'added L10',
      'same l11',
      'same l12',
      'same l13',
      'skip 7',
    ])
  })

  it('does not separate changes closer than twice the context, and separates them one line further', () => {
    const changed = (text: string): DiffLine => ({ kind: 'added', text, newLine: 0 })
    const withGap = (gap: number) => [same(1), changed('x'), ...oneTo(gap).map((i) => same(i + 1)), changed('y'), same(99)]
    // A gap of exactly 2 × context is kept whole.
    expect(describeItems(withContext(withGap(4), 2))).toEqual(['same s1', 'added x', 'same s2', 'same s3', 'same s4', 'same s5', 'added y', 'same s99'])
    // One line more and that line is skipped, context kept on both sides.
    expect(describeItems(withContext(withGap(5), 2))).toEqual(['same s1', 'added x', 'same s2', 'same s3', 'skip 1', 'same s5', 'same s6', 'added y', 'same s99'])
  })

  it('skips only unchanged lines beyond reach of a change, for any context, on random diffs', () => {
    const random = mulberry32(99)
    for (let round = 0; round < 200; round++) {
      const before = randomText(random, ['a', 'b', 'c', 'd'], 40)
      const after = randomText(random, ['a', 'b', 'c', 'd'], 40)
      const { lines } = diffLines(before, after)
      const changes = lines.flatMap((line, i) => (line.kind === 'same' ? [] : [i]))
      for (const context of [0, 1, 3, 5]) {
        const items = withContext(lines, context)
        // Expanding each skip back into the lines it stands for gives the original list.
        let position = 0
        for (const item of items) {
          if (item.kind === 'skipped') {
            expect(item.count).toBeGreaterThan(0)
            for (let index = position; index < position + item.count; index++) {
              expect(lines[index]?.kind).toBe('same')
              // A skipped line is more than `context` lines from every change.
              expect(changes.every((change) => Math.abs(change - index) > context)).toBe(true)
            }
            position += item.count
          } else {
            expect(item).toBe(lines[position])
            // A kept unchanged line is within `context` of some change.
            if (item.kind === 'same') expect(changes.some((change) => Math.abs(change - position) <= context)).toBe(true)
            position++
          }
        }
        expect(position).toBe(lines.length)
        // Each run of dropped lines is one skip: two skips never follow each other.
        items.forEach((item, i) => {
          if (item.kind === 'skipped') expect(items[i + 1]?.kind).not.toBe('skipped')
        })
        // The skips add up to exactly the unchanged lines left out.
        const skipped = items.reduce((total, item) => (item.kind === 'skipped' ? total + item.count : total), 0)
        expect(skipped + items.filter((item) => item.kind !== 'skipped').length).toBe(lines.length)
      }
    }
  })

  it('shows no change as one skip covering everything, and no lines as nothing', () => {
    const text = oneTo(12).map(String).join('\n')
    expect(withContext(diffLines(text, text).lines)).toEqual([{ kind: 'skipped', count: 12 }])
    expect(withContext(diffLines('', '').lines)).toEqual([])
  })

  it('with no context keeps the changes only', () => {
    const items = withContext(diffLines('a\nb\nc\nd\ne', 'a\nb\nC\nd\ne').lines, 0)
    expect(describeItems(items)).toEqual(['skip 2', 'removed c', 'added C', 'skip 2'])
  })

  it('rejects a negative or fractional context', () => {
    expect(() => withContext([same(1)], -1)).toThrow(RangeError)
    expect(() => withContext([same(1)], 1.5)).toThrow(RangeError)
  })
})
