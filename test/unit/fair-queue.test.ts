// The fair queue in front of the document thread: the owner served longest ago goes next (one
// account's hundred pieces of work do not hold another's behind them), refusable work is bounded per owner and in all, work
// that must not be refused always waits its turn, and a failing piece fails only its caller.
import { describe, expect, it } from 'vitest'
import { FairQueue, QueueFullError } from '../../src/platform/workers/fair-queue.js'

/** A piece of work that runs until the test finishes it, and records when it started. */
function controlledWork(started: string[], name: string) {
  let finish!: (value: string) => void
  let fail!: (error: Error) => void
  const done = new Promise<string>((resolve, reject) => {
    finish = resolve
    fail = reject
  })
  return {
    run: () => {
      started.push(name)
      return done
    },
    finish: () => finish(name),
    fail: (error: Error) => fail(error),
  }
}

/** Lets every settled piece's bookkeeping and the next piece's start happen. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('FairQueue', () => {
  it('gives each owner a turn instead of running pieces in arrival order', async () => {
    const queue = new FairQueue<string>({ running: 1, perOwner: 100, total: 100 })
    const started: string[] = []
    const pieces = new Map<string, ReturnType<typeof controlledWork>>()
    const results: Promise<string>[] = []
    for (const name of ['a1', 'a2', 'a3', 'a4', 'b1', 'c1', 'b2']) {
      const work = controlledWork(started, name)
      pieces.set(name, work)
      results.push(queue.submit(name[0]!, work.run))
    }
    for (let i = 0; i < pieces.size; i++) {
      await settle()
      pieces.get(started.at(-1)!)!.finish()
    }
    expect(await Promise.all(results)).toEqual(['a1', 'a2', 'a3', 'a4', 'b1', 'c1', 'b2'])
    // In arrival order b1 would have waited for all four of a's pieces and c1 for six; here each
    // waits for the piece running, and the owner served longest ago goes next.
    expect(started).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4'])
  })

  it('runs as many pieces at once as it is allowed', async () => {
    const queue = new FairQueue<string>({ running: 2, perOwner: 100, total: 100 })
    const started: string[] = []
    const works = ['a1', 'a2', 'a3'].map((name) => controlledWork(started, name))
    const results = works.map((work) => queue.submit('a', work.run))
    await settle()
    expect(started).toEqual(['a1', 'a2'])
    works[1]!.finish()
    await settle()
    expect(started).toEqual(['a1', 'a2', 'a3'])
    works[0]!.finish()
    works[2]!.finish()
    expect(await Promise.all(results)).toEqual(['a1', 'a2', 'a3'])
  })

  it("refuses an owner's refusable work past its bound, and anyone's past the bound in all", async () => {
    const queue = new FairQueue<string>({ running: 1, perOwner: 2, total: 3 })
    const started: string[] = []
    const a = [controlledWork(started, 'a1'), controlledWork(started, 'a2')]
    const admitted = a.map((work) => queue.submit('a', work.run))
    const refused = await queue.submit('a', async () => 'a3').catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(QueueFullError)
    expect((refused as QueueFullError).scope).toBe('owner')
    expect((refused as QueueFullError).retryAfterSeconds).toBeGreaterThanOrEqual(1)
    expect(queue.loadOf('a')).toBe(2)

    // Another owner still gets in, until the queue as a whole is full.
    const b = controlledWork(started, 'b1')
    const bAdmitted = queue.submit('b', b.run)
    const full = await queue.submit('c', async () => 'c1').catch((error: unknown) => error)
    expect(full).toBeInstanceOf(QueueFullError)
    expect((full as QueueFullError).scope).toBe('all')

    // Work that must not be refused waits its turn whatever the bounds, and is not counted.
    const job = controlledWork(started, 'a-job')
    const jobDone = queue.submit('a', job.run, { refusable: false })
    expect(queue.loadOf('a')).toBe(2)

    const byName = new Map([['a1', a[0]!], ['a2', a[1]!], ['b1', b], ['a-job', job]])
    for (let i = 0; i < byName.size; i++) {
      await settle()
      byName.get(started.at(-1)!)!.finish()
    }
    expect(await Promise.all([...admitted, bAdmitted, jobDone])).toEqual(['a1', 'a2', 'b1', 'a-job'])
    // b1 before a2 (a was served last); the job, submitted last, runs last.
    expect(started).toEqual(['a1', 'b1', 'a2', 'a-job'])
    // Once the pieces are done, the owner has room again.
    expect(queue.loadOf('a')).toBe(0)
    await expect(queue.submit('a', async () => 'again')).resolves.toBe('again')
  })

  it('fails only the caller of a piece that throws or rejects, and goes on with the next', async () => {
    const queue = new FairQueue<string>({ running: 1, perOwner: 5, total: 5 })
    const throwing = queue.submit('a', () => {
      throw new Error('thrown')
    })
    const rejecting = queue.submit('a', () => Promise.reject(new Error('rejected')))
    const fine = queue.submit('b', async () => 'fine')
    await expect(throwing).rejects.toThrow('thrown')
    await expect(rejecting).rejects.toThrow('rejected')
    await expect(fine).resolves.toBe('fine')
    expect(queue.loadOf('a')).toBe(0)
  })

  it("frees an owner's room before its caller goes on, so a request's next piece is admitted", async () => {
    const queue = new FairQueue<string>({ running: 1, perOwner: 1, total: 1 })
    // A render then its layout: the second piece is submitted as soon as the first one answers.
    const twoPieces = queue.submit('a', async () => 'render').then(() => queue.submit('a', async () => 'layout'))
    await expect(twoPieces).resolves.toBe('layout')
  })
})
