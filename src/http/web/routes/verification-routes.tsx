// "Verificar documento" (public): GET /verify shows the form, and with ?sha256= what that hash
// matches; POST /verify takes a PDF, hashes it and shows the same answer. The file is read, hashed
// and dropped: nothing of it is stored. Lookups are throttled per client address, and a POST
// counts before its (up to 10 MB) body is read; a body that is not a multipart form is refused
// before it is read, so no other parser takes the route's larger limit.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { findDocumentsByFileHash, SHA256_HEX } from '../../../modules/documents/verify-document.js'
import { sha256Hex } from '../../../modules/documents/sha256.js'
import type { FixedWindowLimiter } from '../../../platform/fixed-window-limiter.js'
import { formString } from '../form-data.js'
import { t } from '../i18n/pt-BR.js'
import { formFile } from '../multipart-form.js'
import { VERIFY_FILE_LIMIT, VerificationPage } from '../pages/verification-page.js'
import { sendPage } from '../render.js'
import type { WebRoutesOptions } from './route-options.js'

const v = t.verification

/** The file and the form's token around it. */
const VERIFY_BODY_LIMIT = VERIFY_FILE_LIMIT + 64 * 1024

export interface VerificationRoutesOptions extends WebRoutesOptions {
  /** Lookups (by hash or by file) per client address. */
  verifications: FixedWindowLimiter
}

/**
 * A SHA-256 as people paste it, or null: `sha256sum`'s line (the hash, then the file's name), or
 * the hash alone split by spaces or line breaks (a PDF viewer), in either case.
 */
export function typedHash(raw: string): string | null {
  const first = raw.trim().split(/\s+/)[0]!.toLowerCase()
  if (SHA256_HEX.test(first)) return first
  const joined = raw.replace(/\s+/g, '').toLowerCase()
  return SHA256_HEX.test(joined) ? joined : null
}

export function registerVerificationRoutes(app: FastifyInstance, options: VerificationRoutesOptions): void {
  const { db, verifications } = options

  /** Counts one lookup; past the limit, answers 429 with the form and returns true. */
  function throttled(request: FastifyRequest, reply: FastifyReply): boolean {
    const hit = verifications.hit(request.ip)
    if (hit.allowed) return false
    reply.header('retry-after', String(hit.resetSeconds))
    void sendPage(reply, <VerificationPage csrfToken={request.csrfToken} errors={{ form: v.errors.throttled(Math.ceil(hit.resetSeconds / 60)) }} />, 429)
    return true
  }

  async function answer(request: FastifyRequest, reply: FastifyReply, sha256: string, source: 'file' | 'code') {
    const found = await findDocumentsByFileHash(db, sha256)
    return sendPage(reply, <VerificationPage csrfToken={request.csrfToken} checked={{ sha256, source, found }} />)
  }

  app.get('/verify', async (request, reply) => {
    const raw = formString(request.query, 'sha256')
    if (raw === '') return sendPage(reply, <VerificationPage csrfToken={request.csrfToken} />)
    const sha256 = typedHash(raw)
    if (sha256 === null) return sendPage(reply, <VerificationPage csrfToken={request.csrfToken} hashValue={raw.slice(0, 200)} errors={{ sha256: v.errors.badHash }} />, 422)
    if (throttled(request, reply)) return reply
    return answer(request, reply, sha256, 'code')
  })

  app.post(
    '/verify',
    {
      bodyLimit: VERIFY_BODY_LIMIT,
      onRequest: async (request, reply) => {
        if (!/^multipart\/form-data\s*;/i.test(request.headers['content-type'] ?? '')) throw Object.assign(new Error('/verify takes a multipart form'), { statusCode: 415 })
        if (throttled(request, reply)) return reply
      },
    },
    async (request, reply) => {
      const file = formFile(request.body, 'file')
      if (!file) return sendPage(reply, <VerificationPage csrfToken={request.csrfToken} errors={{ file: v.errors.noFile }} />, 422)
      return answer(request, reply, sha256Hex(file.bytes), 'file')
    },
  )
}
