// A signer whose `authentication` is 'email_code' confirms their e-mail before signing: on the
// signing page they ask for a code, Vendoc e-mails six digits valid for 10 minutes, and the
// signature is recorded only with the right one. It shows that whoever holds the link also reads
// the signer's mailbox, which matters when the link went another way (an integrator passing
// url_to_sign on by WhatsApp) or was forwarded; and since the code never appears in the account's
// outbox (queue-email.ts, carriesCredential), whoever sent the document cannot sign in the
// signer's place. One code per signer at a time (asking again replaces it), kept as SHA-256: out of
// sight, not out of reach (six digits are soon tried against a hash), and it lives ten minutes.
//
// Guessing is bounded: each guess is counted before it is judged and 5 end a code; a new code can
// be asked for once a minute and 10 times in a row, then a day after the last one (a corrected
// e-mail, which makes a new link, starts over): at most 50 guesses at a million codes a day. The
// same caps keep a link from flooding an inbox.
import { randomInt } from 'node:crypto'
import { sql } from 'kysely'
import { type Clock, isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { normalizeSixDigitCode } from '../../platform/one-time-code.js'
import { secretDigest } from '../../platform/token-digest.js'
import { signerCodeEmail } from '../notifications/email-messages.js'
import { queueEmail, SIGNER_CODE_EMAIL_KIND } from '../notifications/queue-email.js'

const EMAIL_CODE_VALID_MINUTES = 10
export const EMAIL_CODE_MAX_ATTEMPTS = 5
export const EMAIL_CODE_MAX_SENDS = 10
const EMAIL_CODE_RESEND_SECONDS = 60
/** After EMAIL_CODE_MAX_SENDS codes, how long after the last one the count starts over. */
const EMAIL_CODE_SENDS_RESET_HOURS = 24

type IssueCodeOutcome = { outcome: 'sent' } | { outcome: 'too_soon' | 'too_many'; waitSeconds: number }

/** Why a typed code was refused; the signing page says each in words. */
export type EmailCodeProblem = 'required' | 'format' | 'not_sent' | 'expired' | 'wrong' | 'locked'

interface CodeRecipient {
  accountId: number
  proposalId: number
  signerId: number
  signerName: string
  email: string
  accountName: string
  proposal: { number: number; title: string }
}

/** A typed code as its six digits, or why it is none; judged by checkEmailCode. */
export function parseEmailCode(typed: string): { code: string } | { problem: 'required' | 'format' } {
  if (typed.trim() === '') return { problem: 'required' }
  const code = normalizeSixDigitCode(typed)
  return code === null ? { problem: 'format' } : { code }
}

/**
 * Makes the signer a new code and queues its e-mail, in the caller's transaction; refused while
 * the last one is under a minute old, or after ten in a row until a day has passed since the last.
 * The upsert decides under the row's lock, so two requests at once send one code.
 */
export async function issueEmailCode(trx: Db, clock: Clock, to: CodeRecipient): Promise<IssueCodeOutcome> {
  const now = clock.now()
  const resetFrom = new Date(now.getTime() - EMAIL_CODE_SENDS_RESET_HOURS * 3_600_000).toISOString()
  // Everyone's rows a day old go first (as a code's count does after a day), whenever a code is asked for.
  await trx.deleteFrom('signer_email_codes').where('last_sent_at', '<=', resetFrom).execute()
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
  const values = {
    code_hash: secretDigest(code),
    expires_at: new Date(now.getTime() + EMAIL_CODE_VALID_MINUTES * 60_000).toISOString(),
    last_sent_at: now.toISOString(),
  }
  const resendFrom = new Date(now.getTime() - EMAIL_CODE_RESEND_SECONDS * 1000).toISOString()
  const issued = await trx
    .insertInto('signer_email_codes')
    .values({ signer_id: to.signerId, account_id: to.accountId, ...values, attempts: 0, sends: 1 })
    .onConflict((conflict) =>
      conflict
        .column('signer_id')
        .doUpdateSet({ ...values, attempts: 0, sends: sql<number>`signer_email_codes.sends + 1` })
        .where('signer_email_codes.account_id', '=', to.accountId)
        .where('signer_email_codes.last_sent_at', '<=', resendFrom)
        .where('signer_email_codes.sends', '<', EMAIL_CODE_MAX_SENDS),
    )
    .returning('signer_id')
    .executeTakeFirst()
  if (!issued) {
    const last = await trx.selectFrom('signer_email_codes').select(['sends', 'last_sent_at']).where('account_id', '=', to.accountId).where('signer_id', '=', to.signerId).executeTakeFirst()
    const lastSentMs = last ? Date.parse(String(last.last_sent_at)) : now.getTime()
    const tooMany = !last || last.sends >= EMAIL_CODE_MAX_SENDS
    const waitMs = lastSentMs + (tooMany ? EMAIL_CODE_SENDS_RESET_HOURS * 3_600_000 : EMAIL_CODE_RESEND_SECONDS * 1000) - now.getTime()
    return { outcome: tooMany ? 'too_many' : 'too_soon', waitSeconds: Math.max(1, Math.ceil(waitMs / 1000)) }
  }
  const message = signerCodeEmail({ accountName: to.accountName, proposal: to.proposal, signerName: to.signerName, code, validMinutes: EMAIL_CODE_VALID_MINUTES })
  await queueEmail(trx, clock, { accountId: to.accountId, proposalId: to.proposalId, kind: SIGNER_CODE_EMAIL_KIND, to: to.email, ...message })
  return { outcome: 'sent' }
}

/**
 * Judges a typed code before the signature's transaction. The guess is counted first, by its own
 * statement (kept whatever the signature does next), and judged only if it was among the code's
 * five: guesses sent at once cannot get more judged between them. A right one is returned as its
 * digest, for consumeEmailCode to spend inside the transaction.
 */
export async function checkEmailCode(db: Db, clock: Clock, accountId: number, signerId: number, code: string): Promise<{ ok: true; digest: string } | { ok: false; problem: EmailCodeProblem }> {
  const now = isoNow(clock)
  const counted = await db
    .updateTable('signer_email_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('account_id', '=', accountId)
    .where('signer_id', '=', signerId)
    .where('attempts', '<', EMAIL_CODE_MAX_ATTEMPTS)
    .where('expires_at', '>', now)
    .returning(['code_hash', 'attempts'])
    .executeTakeFirst()
  if (!counted) {
    const row = await db.selectFrom('signer_email_codes').select(['expires_at', 'attempts']).where('account_id', '=', accountId).where('signer_id', '=', signerId).executeTakeFirst()
    if (!row) return { ok: false, problem: 'not_sent' }
    return { ok: false, problem: row.attempts >= EMAIL_CODE_MAX_ATTEMPTS ? 'locked' : 'expired' }
  }
  // Digests compared: what timing could tell is about the hash, not the code.
  const digest = secretDigest(code)
  if (digest === counted.code_hash) return { ok: true, digest }
  return { ok: false, problem: counted.attempts >= EMAIL_CODE_MAX_ATTEMPTS ? 'locked' : 'wrong' }
}

/**
 * Spends the code checked above, in the signature's transaction: false when it changed meanwhile
 * (replaced or expired), and then nothing may be recorded. Its guess was counted already, so the
 * fifth may still spend it.
 */
export async function consumeEmailCode(trx: Db, clock: Clock, accountId: number, signerId: number, digest: string): Promise<boolean> {
  const spent = await trx
    .deleteFrom('signer_email_codes')
    .where('account_id', '=', accountId)
    .where('signer_id', '=', signerId)
    .where('code_hash', '=', digest)
    .where('attempts', '<=', EMAIL_CODE_MAX_ATTEMPTS)
    .where('expires_at', '>', isoNow(clock))
    .executeTakeFirst()
  return Number(spent.numDeletedRows) === 1
}

/** A corrected e-mail makes a new link: a code sent to the old address, and the count, go with it. */
export async function discardEmailCode(trx: Db, accountId: number, signerId: number): Promise<void> {
  await trx.deleteFrom('signer_email_codes').where('account_id', '=', accountId).where('signer_id', '=', signerId).execute()
}
