// Abuse limits of the API (DESIGN.md §5): a request budget per token, and a throttle on
// addresses that keep presenting invalid tokens. Both are counted in this process's memory (see
// docs/DECISIONS.md: with N processes a token can make up to N × the limit).
import type { FastifyReply } from 'fastify'
import type { Clock } from '../../platform/clock.js'
import { FixedWindowLimiter, type WindowState } from '../../platform/fixed-window-limiter.js'
import { AppError } from '../../platform/errors.js'

export const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After'] as const

export interface ApiRateLimitOptions {
  requestsPerMinute: number
  failedAuthPerMinute: number
  clock: Clock
}

export class ApiRateLimits {
  private readonly perToken: FixedWindowLimiter<number>
  private readonly failuresPerAddress: FixedWindowLimiter<string>

  constructor(options: ApiRateLimitOptions) {
    this.perToken = new FixedWindowLimiter({ limit: options.requestsPerMinute, clock: options.clock })
    this.failuresPerAddress = new FixedWindowLimiter({ limit: options.failedAuthPerMinute, clock: options.clock })
  }

  /**
   * Refuses, before any database lookup, an address that used up its failed authentications
   * this minute — guessing tokens costs the guesser a minute per batch and costs us nothing.
   */
  checkAddress(ip: string): void {
    const state = this.failuresPerAddress.peek(ip)
    if (state.allowed) return
    throw new AppError('rate_limited', `Too many requests with invalid tokens from this address; retry in ${state.resetSeconds} s.`, {
      headers: { 'Retry-After': String(state.resetSeconds) },
    })
  }

  recordFailedAuthentication(ip: string): void {
    this.failuresPerAddress.hit(ip)
  }

  /** Counts one request of the token, sets the RateLimit-* headers and refuses it when over the limit. */
  consumeTokenRequest(tokenId: number, reply: FastifyReply): void {
    const state = this.perToken.hit(tokenId)
    reply.headers(rateLimitHeaders(state))
    if (state.allowed) return
    throw new AppError('rate_limited', `This token made more than ${state.limit} requests in a minute; retry in ${state.resetSeconds} s.`, {
      headers: { 'Retry-After': String(state.resetSeconds) },
    })
  }
}

function rateLimitHeaders(state: WindowState): Record<string, string> {
  return { 'RateLimit-Limit': String(state.limit), 'RateLimit-Remaining': String(state.remaining), 'RateLimit-Reset': String(state.resetSeconds) }
}
