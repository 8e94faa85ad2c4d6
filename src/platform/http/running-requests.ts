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

/** How often a shutdown looks at what is still running. */
const SETTLE_POLL_MS = 10

/** Ended with no socket of its own: a pipelined request whose client went, which no event reports (reply-end.ts). */
function endedUnseen(reply: FastifyReply): boolean {
  return reply.raw.writableEnded && reply.raw.socket === null
}

/** `sweepEvery`: how many requests start between two sweeps of the replies no event reports (tests lower it). */
export function trackRunningRequests(app: FastifyInstance, { sweepEvery = 1024 } = {}): RunningRequests {
  const running = new Set<FastifyReply>()
  const listeners: ReplyEndListener[] = []
  const sweep = () => {
    for (const reply of running) if (endedUnseen(reply)) running.delete(reply)
  }
  let started = 0
  const track = (request: FastifyRequest, reply: FastifyReply) => {
    // Swept as requests come, not only at shutdown: a client pipelining requests and hanging up
    // over and over would otherwise grow the set without bound. The set holds the requests in
    // flight, so a sweep costs about the concurrency.
    started += 1
    if (started % sweepEvery === 0) sweep()
    running.add(reply)
    whenReplyEnds(reply, (delivered) => {
      for (const listener of listeners) listener(request, reply, delivered)
      running.delete(reply)
    })
  }
  // Callback style: this runs on every request (see app.ts's x-request-id hook).
  app.addHook('onRequest', (request, reply, done) => {
    track(request, reply)
    done()
  })
  return {
    get count() {
      return running.size
    },
    track,
    onReplyEnd: (listener) => {
      listeners.push(listener)
    },
    // Polled: it runs once, at shutdown, and a poll also sees the replies no event reports.
    settled: async (withinMs) => {
      const deadline = Date.now() + withinMs
      for (;;) {
        sweep()
        if (running.size === 0) return true
        if (Date.now() >= deadline) return false
        await sleep(Math.min(SETTLE_POLL_MS, Math.max(1, deadline - Date.now())))
      }
    },
  }
}
