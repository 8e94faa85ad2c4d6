// Who hears of an internal comment by e-mail, queued in the comment's own transaction (so a notice
// exists if and only if the comment does):
// - the colleagues its author chose to tell ("Avisar por e-mail", the API's `notify`): always, as
//   a message addressed to them, which no preference turns off;
// - the document's seller, of every comment by someone else, unless they turned their activity
//   notices off (Minha conta → Avisos por e-mail); without an active seller, the account's admins
//   who did not, as for the customer's activity (lifecycle/seller-recipients.ts).
// Nobody is told of their own comment, and nobody twice. Only the account's users: the customer
// and the signers never receive a comment.
import { normalizeEmail } from '../../platform/contact-formats.js'
import type { Db } from '../../platform/db/connect.js'
import { foldedName } from '../../platform/db/folded-search.js'
import { type FieldError, validationError } from '../../platform/errors.js'
import { TYPED_ID } from '../../platform/typed-id.js'
import { NOTICE_PREFERENCES_PATH } from '../accounts/notice-preferences.js'
import type { ActionContext, ProposalRow } from '../lifecycle/action-context.js'
import { sellerOrAdmins } from '../lifecycle/seller-recipients.js'
import { commentNoticeEmail } from '../notifications/email-messages.js'
import { queueEmail } from '../notifications/queue-email.js'
import { type Actor, actorInMessages } from './actor.js'
import { proposalLinks } from './proposal-mapper.js'

/** Colleagues one comment may ask to tell: a message to a few people, not a mailing list. */
export const COMMENT_NOTIFY_MAX = 20

/**
 * A user the author asked to tell, as the history records them (`data.notified`): by id first, so
 * the Painel finds the comments that named a user whatever their address is now (or becomes).
 */
export interface CommentAddressee {
  user_id: number
  name: string
  email: string
}

/**
 * The colleagues a history entry's `data.notified` names, read defensively (data is JSON from the
 * database): the one reader for the comment card, the LGPD export and the Painel.
 */
export function notifiedIn(data: unknown): Array<{ user_id: number | null; name: string }> {
  const notified = data !== null && typeof data === 'object' ? (data as { notified?: unknown }).notified : undefined
  if (!Array.isArray(notified)) return []
  return notified.flatMap((entry: unknown) => {
    if (entry === null || typeof entry !== 'object') return []
    const { user_id: userId, name } = entry as { user_id?: unknown; name?: unknown }
    return typeof name === 'string' ? [{ user_id: typeof userId === 'number' ? userId : null, name }] : []
  })
}

/** The commenting user's id; an API token is no user. */
function authorUserId(actor: Actor): number | null {
  return actor.type === 'user' ? actor.id : null
}

/**
 * Whom a comment names: the API's e-mail addresses, or the web form's user ids (its checkboxes
 * carry ids, so a member's page lists colleagues by name without their addresses).
 */
export type CommentRecipients = { emails: readonly string[] } | { userIds: readonly string[] }

/**
 * The account's active users named, in the order named; or the errors on `/notify/{i}` (each one
 * judged, all reported): not an active user of this account (another account's user reads the
 * same), repeated, or the author's own. Addresses compare ignoring case, as at sign-in.
 */
export async function commentAddressees(trx: Db, accountId: number, recipients: CommentRecipients, author: Actor): Promise<CommentAddressee[]> {
  const byEmail = 'emails' in recipients
  const typed = byEmail ? recipients.emails : recipients.userIds
  if (typed.length === 0) return []
  if (typed.length > COMMENT_NOTIFY_MAX) throw validationError([{ in: 'body', path: '/notify', message: `must hold at most ${COMMENT_NOTIFY_MAX} people` }])
  // Each one as the key it is looked up by: a normalized address, or an id's digits.
  const keys = byEmail ? typed.map(normalizeEmail) : typed.map((value) => (TYPED_ID.test(value) ? value : ''))
  let query = trx.selectFrom('users').select(['id', 'name', 'email']).where('account_id', '=', accountId).where('active', '=', true)
  query = byEmail ? query.where('email', 'in', keys) : query.where('id', 'in', [0, ...keys.flatMap((key) => (key === '' ? [] : [Number(key)]))])
  const users = new Map((await query.execute()).map((user) => [byEmail ? user.email : String(user.id), user]))
  const errors: FieldError[] = []
  const found: CommentAddressee[] = []
  keys.forEach((key, index) => {
    const user = users.get(key)
    const error = (message: string) => errors.push({ in: 'body', path: `/notify/${index}`, message })
    if (!user) error(byEmail ? 'must be the e-mail of an active user of the account' : 'must be an active user of the account')
    else if (keys.indexOf(key) !== index) error('must not repeat a person')
    else if (user.id === authorUserId(author)) error("must not be the comment's author")
    else found.push({ user_id: user.id, name: user.name, email: user.email })
  })
  if (errors.length > 0) throw validationError(errors)
  return found
}

/** A colleague the web form offers, by name; its checkbox carries the id. */
export interface CommentColleague {
  id: number
  name: string
}

/** Whom a user may ask to tell: the account's other active users, by name (the web form's choices). */
export function commentColleagues(db: Db, accountId: number, userId: number): Promise<CommentColleague[]> {
  return db.selectFrom('users').select(['id', 'name'])
    .where('account_id', '=', accountId).where('active', '=', true).where('id', '!=', userId).orderBy(foldedName(db)).orderBy('id').execute()
}

/** Queues the comment's notices (see the top of this file); returns how many. */
export async function queueCommentNotices(trx: Db, ctx: ActionContext, row: ProposalRow, text: string, addressees: readonly CommentAddressee[]): Promise<number> {
  const { accountId, clock, actor } = ctx
  const asked = new Set(addressees.map((addressee) => addressee.email))
  const followers = (await sellerOrAdmins(trx, accountId, row.seller_id, 'activity', authorUserId(actor))).filter((email) => !asked.has(email))
  if (asked.size === 0 && followers.length === 0) return 0
  const account = await trx.selectFrom('accounts').select('name').where('id', '=', accountId).executeTakeFirstOrThrow()
  const base = ctx.publicUrl.replace(/\/+$/, '')
  const common = {
    accountName: account.name,
    proposal: { number: row.number, title: row.title },
    authorName: actorInMessages(actor),
    text,
    commentsUrl: `${proposalLinks(base, row.id).web}#comentarios`,
  }
  const queue = (to: string, message: ReturnType<typeof commentNoticeEmail>) => queueEmail(trx, clock, { accountId, proposalId: row.id, kind: 'comment', to, ...message })
  for (const to of asked) await queue(to, commentNoticeEmail({ ...common, reason: 'asked' }))
  for (const to of followers) await queue(to, commentNoticeEmail({ ...common, reason: 'follows', preferencesUrl: `${base}${NOTICE_PREFERENCES_PATH}` }))
  return asked.size + followers.length
}
