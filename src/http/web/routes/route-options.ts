// What every group of page routes receives from the web plugin.
import type { FastifyReply } from 'fastify'
import type { Config } from '../../../config.js'
import type { Clock } from '../../../platform/clock.js'
import type { Db } from '../../../platform/db/connect.js'
import { setFlash, type Flash } from '../flash.js'

export interface WebRoutesOptions {
  db: Db
  clock: Clock
  config: Config
  /** Cookies get `Secure` when the public URL is https. */
  secureCookies: boolean
}

/** Post/redirect/get: after a form succeeds, go to `location` and show `flash` there. */
export function redirectWithFlash(reply: FastifyReply, options: Pick<WebRoutesOptions, 'secureCookies'>, location: string, flash: Flash): FastifyReply {
  setFlash(reply, flash, options.secureCookies)
  return reply.redirect(location, 303)
}

/** A numeric id from a URL segment, or null (then the page answers 404). */
export function idParam(params: unknown, name = 'id'): number | null {
  const raw = (params as Record<string, unknown> | null | undefined)?.[name]
  if (typeof raw !== 'string' || !/^[1-9]\d{0,14}$/.test(raw)) return null
  const id = Number(raw)
  return Number.isSafeInteger(id) ? id : null
}
