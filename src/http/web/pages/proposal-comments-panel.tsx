// "Comentários internos" on /proposals/:id/edit: the team's comments on the document, oldest
// first, each with its author and time, and a form to add one (CSRF-checked) in every status
// (proposals/proposal-comments.ts), which may ask colleagues to be told by e-mail
// (comment-notices.ts). The texts are escaped like every text of the page and keep their line
// breaks.
import { COMMENT_MAX_CHARACTERS } from '../../../modules/proposals/proposal-comments.js'
import { type CommentColleague, notifiedIn } from '../../../modules/proposals/comment-notices.js'
import type { ProposalDetail } from '../../../modules/proposals/proposal-mapper.js'
import { CsrfField, TextAreaField } from '../form-field.js'
import { formatDateTime } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import type { PageContext } from '../page-context.js'

const c = t.proposalActions.comments

/** "Avisar colegas por e-mail": a checkbox per colleague, folded away since most comments tell nobody. */
function NotifyChoices({ colleagues }: { colleagues: CommentColleague[] }) {
  if (colleagues.length === 0) return null
  return (
    <details class="comment-notify" data-comment-notify="">
      <summary>{c.notify}</summary>
      <p class="field-hint">{c.notifyHint}</p>
      <ul class="comment-notify-list">
        {colleagues.map((colleague, index) => (
          <li class="field checkbox">
            <input type="checkbox" id={`field-notify-${index}`} name="notify" value={String(colleague.id)} />
            <label for={`field-notify-${index}`}>{colleague.name}</label>
          </li>
        ))}
      </ul>
    </details>
  )
}

export function ProposalCommentsPanel({ ctx, detail, colleagues = [] }: { ctx: PageContext; detail: ProposalDetail; colleagues?: CommentColleague[] }) {
  const comments = detail.events.filter((event) => event.type === 'comment_added' && typeof event.data.text === 'string')
  return (
    <section class="card" id="comentarios" aria-labelledby="comments-heading" data-comments="">
      <h2 id="comments-heading">{c.title}</h2>
      <p class="muted">{c.intro}</p>
      {comments.length === 0 ? <p class="muted">{c.none}</p> : (
        <ol class="comment-list">
          {comments.map((comment) => {
            const notified = notifiedIn(comment.data).map((colleague) => colleague.name)
            return (
              <li data-comment="">
                <p class="comment-text">{String(comment.data.text)}</p>
                <p class="muted small">{c.by(comment.actor.name, formatDateTime(comment.at, ctx.session.timeZone), comment.actor.type === 'api_token')}</p>
                {notified.length > 0 && <p class="muted small" data-comment-notified="">{c.notified(notified)}</p>}
              </li>
            )
          })}
        </ol>
      )}
      <form method="post" action={`/proposals/${detail.id}/comments`} class="action-form">
        <CsrfField token={ctx.csrfToken} />
        <TextAreaField name="text" label={c.label} rows={3} required maxLength={COMMENT_MAX_CHARACTERS} hint={detail.status === 'draft' ? `${c.hint(COMMENT_MAX_CHARACTERS)} ${c.draftHint}` : c.hint(COMMENT_MAX_CHARACTERS)} id="field-comment-text" />
        <NotifyChoices colleagues={colleagues} />
        <button type="submit" class="button secondary">{c.submit}</button>
      </form>
    </section>
  )
}
