// The requests the server is still working on, so that shutting down waits for them before the
// database closes. app.close() resolves once every socket is closed; a request whose client went
// away has no socket left but still runs its handler, and each query it started after the close
// failed on a destroyed database ("driver has already been destroyed", logged as a 500), maybe
// halfway through its work.
import type { FastifyInstance } from 'fastify'
import { whenReplyEnds } from './reply-end.js'

export interface RunningRequests {
  /** How many requests have started and not ended. */
  readonly count: number
  /** Resolves true once none is running, or false when `withinMs` passes first. */
  settled(withinMs: number): Promise<boolean>
}

export function trackRunningRequests(app: FastifyInstance): RunningRequests {
  let count = 0
  const waiters = new Set<() => void>()
  // Callback style: this runs on every request (see app.ts's x-request-id hook).
  app.addHook('onRequest', (_request, reply, done) => {
    count += 1
    whenReplyEnds(reply, () => {
      count -= 1
      if (count === 0) for (const wake of waiters) wake()
    })
    done()
  })
  return {
    get count() {
      return count
    },
    settled: async (withinMs) => {
      if (count === 0) return true
      let timer: NodeJS.Timeout | undefined
      let wake: () => void = () => undefined
      const idle = new Promise<true>((resolve) => {
        wake = () => resolve(true)
        waiters.add(wake)
      })
      const late = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), withinMs)
      })
      try {
        return await Promise.race([idle, late])
      } finally {
        clearTimeout(timer)
        waiters.delete(wake)
      }
    },
  }
}
