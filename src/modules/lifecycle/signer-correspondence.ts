// Who the e-mails to a document's signers come from, and what they say beyond the link: the
// company's name, the seller's message written when sending, and where a signer's reply goes. A
// customer who answers an invitation with a question should reach a person, not a "não responda"
// address: the document's seller while active, else the company's e-mail (Configurações → Conta),
// else nobody, and the footer says so. The company's logo, when it has one, heads each message.
import type { Db } from '../../platform/db/connect.js'
import { validationError } from '../../platform/errors.js'
import { accountLogoInfo } from '../accounts/account-logo.js'
import type { LogoSize } from '../notifications/email-messages.js'
import { normalizeEmail } from '../../platform/contact-formats.js'

/** The longest message to the signers, in characters once trimmed. */
export const SIGNER_MESSAGE_MAX = 1000

/** What the e-mails to one document's signers share (correspondenceFor picks one recipient's part). */
export interface SignerCorrespondence {
  accountName: string
  /** The seller's words to the signers, or null. */
  message: string | null
  /** The person or company a reply reaches, or null when neither has an e-mail. */
  replyTo: { name: string; email: string } | null
  /** The company's logo (Configurações → Conta), atop every message, or null. */
  logo: LogoSize | null
}

export async function signerCorrespondence(db: Db, accountId: number, proposal: { seller_id: number | null; signer_message: string | null }): Promise<SignerCorrespondence> {
  const { accountName, replyTo } = await replyTarget(db, accountId, proposal.seller_id)
  const logo = await accountLogoInfo(db, accountId)
  return { accountName, message: proposal.signer_message, replyTo, logo: logo ?? null }
}

/** Whom a signer reaches by replying (or, on the signing page, by writing): the active seller, else the company's e-mail. */
export async function replyTarget(db: Db, accountId: number, sellerId: number | null): Promise<{ accountName: string; replyTo: { name: string; email: string } | null }> {
  const account = await db.selectFrom('accounts').select(['name', 'email']).where('id', '=', accountId).executeTakeFirstOrThrow()
  const seller =
    sellerId === null
      ? undefined
      : await db.selectFrom('users').select(['name', 'email', 'active']).where('account_id', '=', accountId).where('id', '=', sellerId).executeTakeFirst()
  const replyTo = seller && Boolean(seller.active) ? { name: seller.name, email: seller.email } : account.email ? { name: account.name, email: account.email } : null
  return { accountName: account.name, replyTo }
}

export interface RecipientCorrespondence {
  /** Spread into the message builder's input (email-messages.ts). */
  text: { accountName: string; message: string | null; replyTo: { name: string; email: string } | null; logo: LogoSize | null }
  /** queueEmail's `replyTo`. */
  replyTo: string | null
}

/** One recipient's part: the same words, and a Reply-To unless it would answer the recipient themselves. */
export function correspondenceFor(correspondence: SignerCorrespondence, recipient: string): RecipientCorrespondence {
  const replyTo = correspondence.replyTo !== null && !sameAddress(correspondence.replyTo.email, recipient) ? correspondence.replyTo : null
  return { text: { ...correspondence, replyTo }, replyTo: replyTo?.email ?? null }
}

function sameAddress(a: string, b: string): boolean {
  return normalizeEmail(a) === normalizeEmail(b)
}

/** Control characters (C0 but tab and line feed, DEL, C1) and the bidirectional overrides that can make text read other than it is. */
export const REFUSED_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/
/** Nothing visible: spaces, and format characters such as zero-width spaces. */
export const NOTHING_VISIBLE = /^[\s\p{Cf}]*$/u

/**
 * The message as typed (web form or API) → what is stored: line breaks made "\n", blank lines at
 * either end and spaces around dropped; nothing left is null. A paper document sends no e-mail, so
 * a message for one is refused rather than silently dropped.
 */
export function signerMessageInput(raw: string | null | undefined, signatureType: 'digital' | 'paper'): string | null {
  const checked = checkSignerMessage(raw)
  if (checked.message === null) return null
  const problem =
    signatureType === 'paper'
      ? 'a paper document sends no e-mail to its signers; leave the message out'
      : checked.problem === 'too_long'
        ? `must be at most ${SIGNER_MESSAGE_MAX} characters`
        : checked.problem === 'refused_characters'
          ? 'must not contain control characters or bidirectional overrides'
          : null
  if (problem !== null) throw validationError([{ in: 'body', path: '/message', message: problem }])
  return checked.message
}

export type SignerMessageProblem = 'too_long' | 'refused_characters'

/** The message normalised (null when nothing visible is left) and what is wrong with it, if anything. */
export function checkSignerMessage(raw: string | null | undefined): { message: string | null; problem: SignerMessageProblem | null } {
  if (raw === undefined || raw === null) return { message: null, problem: null }
  const message = raw.replace(/\r\n?/g, '\n').trim()
  if (NOTHING_VISIBLE.test(message)) return { message: null, problem: null }
  const problem = [...message].length > SIGNER_MESSAGE_MAX ? 'too_long' : REFUSED_CHARACTERS.test(message) ? 'refused_characters' : null
  return { message, problem }
}
