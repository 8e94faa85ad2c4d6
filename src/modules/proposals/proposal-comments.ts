// A document's internal comments ("comentários internos"): what the team writes down about a
// negotiation ("o cliente pediu 60 dias", "ligar na segunda") beside the document, for the
// account's users and its integrations, never for the customer: no PDF, template, signing page or
// e-mail to a signer shows them (the document's own `notes`, "Observações", are the customer's).
// Each one is a history entry (`comment_added`, its text in `data.text`), so it has an author and
// a time, the API's detail lists it with the rest of the history, it moves `updated_at` (the change
// feed lists the document), and the LGPD erasure redacts a data subject's names and identifiers in
// it like in every other entry. Like the history, a comment is never edited nor deleted: a
// correction is another comment. Any status takes one: the conversation goes on after signing.
// Its author may ask colleagues to be told by e-mail, and the document's seller hears of the
// comments of others (comment-notices.ts).
import { AppError, type FieldError, validationError } from '../../platform/errors.js'
import type { Db } from '../../platform/db/connect.js'
import { isoNow } from '../../platform/clock.js'
import { type ActionContext, lockProposal, recordProposalEventOf } from '../lifecycle/action-context.js'
import { NOTHING_VISIBLE, REFUSED_CHARACTERS } from '../lifecycle/signer-correspondence.js'
import { type CommentAddressee, commentAddressees, type CommentRecipients, queueCommentNotices } from './comment-notices.js'
import { recordProposalEvent } from './proposal-content-writes.js'

export const COMMENT_MAX_CHARACTERS = 2_000
/**
 * Comments a document takes at most: each is a history entry every read of the document carries
 * (the API's detail, every action's answer, its page), so an integration looping on the route must
 * not grow them without end. A negotiation that long is no longer read.
 */
export const COMMENTS_PER_DOCUMENT = 500

/**
 * The text as stored: NFC, line breaks as "\n", trimmed; or the error on `/text`. Refused as in
 * the message to the signers: nothing visible, control characters but line breaks and tabs, and
 * the bidirectional overrides that make a text read other than it is.
 */
export function commentText(typed: string): string {
  // A vertical tab or form feed (pasted from a word processor or a PDF) is a line break to a reader.
  const text = typed.normalize('NFC').replace(/\r\n?|[\v\f]/g, '\n').trim()
  const error = (message: string): never => {
    const errors: FieldError[] = [{ in: 'body', path: '/text', message }]
    throw validationError(errors)
  }
  if (NOTHING_VISIBLE.test(text)) error('must not be empty')
  if ([...text].length > COMMENT_MAX_CHARACTERS) error(`must be at most ${COMMENT_MAX_CHARACTERS} characters`)
  if (REFUSED_CHARACTERS.test(text)) error('must not contain control characters or bidirectional overrides')
  return text
}

export interface NewComment {
  text: string
  /** The account's active users to tell (comment-notices.ts); none by default. */
  notify?: CommentRecipients
}

/**
 * Adds an internal comment to one of the account's documents, in any status: the history entry
 * `comment_added` with its author, the webhook event `proposal.commented`, and the e-mails to the
 * colleagues asked and the document's seller (comment-notices.ts). 404 proposal_not_found for
 * another account's document; 422 on `/text` for an empty, too long or unprintable text, and on
 * `/notify…` for an address that is not a colleague's; 409 too_many_comments past
 * COMMENTS_PER_DOCUMENT.
 */
export async function addProposalComment(db: Db, ctx: ActionContext, proposalId: number, input: NewComment): Promise<{ text: string; at: string; notified: CommentAddressee[] }> {
  const { accountId, clock } = ctx
  return db.transaction().execute(async (trx) => {
    // Locked like every action on the document, so the comment lands between two of them, not
    // inside one; and found before the input is judged, so another account's document is a 404
    // whatever the input (the web form's refusal would otherwise tell it exists).
    const row = await lockProposal(trx, accountId, proposalId)
    const text = commentText(input.text)
    const notified = await commentAddressees(trx, accountId, input.notify ?? { emails: [] }, ctx.actor)
    const held = await trx.selectFrom('proposal_events').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId).where('proposal_id', '=', proposalId).where('type', '=', 'comment_added').executeTakeFirstOrThrow()
    if (Number(held.n) >= COMMENTS_PER_DOCUMENT) throw new AppError('too_many_comments', `A document takes at most ${COMMENTS_PER_DOCUMENT} comments.`)
    const at = isoNow(clock)
    // Whom the author asked to tell, only when anyone: most comments ask nobody.
    const data = notified.length > 0 ? { text, notified } : { text }
    await recordProposalEvent(trx, accountId, proposalId, { type: 'comment_added', actor: ctx.actor, data, at })
    await recordProposalEventOf(trx, clock, accountId, row, 'proposal.commented', { comment: { text, author: { type: ctx.actor.type, name: ctx.actor.name }, at, notified } })
    await queueCommentNotices(trx, ctx, row, text, notified)
    await ctx.onCommitted?.(trx)
    return { text, at, notified }
  })
}

