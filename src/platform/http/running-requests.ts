// The requests the server is still working on, so that shutting down waits for them before the
// database closes. app.close() resolves once every socket is closed; a request whose client went
// away has no socket left but still runs its handler, and each query it started after the close
// failed on a destroyed database ("driver has already been destroyed", logged as a 500), maybe
// halfway through its work.
//
// It also tells whoever asks (the request log) when each reply ends and whether it was delivered,
// so every request costs one 'close' listener, not one per interested module.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { setTimeout as sleep } from 'node:timers/promises'
import { whenReplyEnds } from './reply-end.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The requests still being worked on (app.ts waits for them when closing). */
    runningRequests: RunningRequests
  }
}

export type ReplyEndListener = (request: FastifyRequest, reply: FastifyReply, delivered: boolean) => void

export interface RunningRequests {
  /** How many requests have started and not ended. */
  readonly count: number
  /** Counts a request Fastify answers without running the onRequest hooks (app.ts's frameworkErrors). */
  track(request: FastifyRequest, reply: FastifyReply): void
  /** Calls `listener` once for every request when its reply ends, before it stops counting. */
  onReplyEnd(listener: ReplyEndListener): void
  /** Resolves true once none is running, or false when `withinMs` passes first. */
  settled(withinMs: number): Promise<boolean>
}

/** How often a shutdown looks at whether every request has ended. */
const SETTLE_POLL_MS = 10

export function trackRunningRequests(app: FastifyInstance): RunningRequests {
  // A count, not a set of the replies: putting every reply in a Set cost ~15 µs a request in the
  // benchmark's detail (more garbage collection), against ~1 µs for this (docs/PERFORMANCE.md).
  let count = 0
  const listeners: ReplyEndListener[] = []
  const track = (request: FastifyRequest, reply: FastifyReply) => {
    count += 1
    whenReplyEnds(request, reply, (delivered) => {
      for (const listener of listeners) listener(request, reply, delivered)
      count -= 1
    })
  }
  // Callback style: this runs on every request (see app.ts's x-request-id hook).
  app.addHook('onRequest', (request, reply, done) => {
    track(request, reply)
    done()
  })
  return {
    get count() {
      return count
    },
    track,
    onReplyEnd: (listener) => {
      listeners.push(listener)
    },
    // Polled: it runs once, at shutdown.
    settled: async (withinMs) => {
      const deadline = Date.now() + withinMs
      for (;;) {
        if (count === 0) return true
        if (Date.now() >= deadline) return false
        await sleep(Math.min(SETTLE_POLL_MS, Math.max(1, deadline - Date.now())))
      }
    },
  }
}
