// "Comentários internos" on /proposals/:id/edit: the team's comments on the document, oldest
// first, each with its author and time, and a form to add one (CSRF-checked) in every status
// (proposals/proposal-comments.ts). The texts are escaped like every text of the page and keep
// their line breaks.
import { COMMENT_MAX_CHARACTERS } from '../../../modules/proposals/proposal-comments.js'
import type { ProposalDetail } from '../../../modules/proposals/proposal-mapper.js'
import { CsrfField, TextAreaField } from '../form-field.js'
import { formatDateTime } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import type { PageContext } from '../page-context.js'

const c = t.proposalActions.comments

export function ProposalCommentsPanel({ ctx, detail }: { ctx: PageContext; detail: ProposalDetail }) {
  const comments = detail.events.filter((event) => event.type === 'comment_added' && typeof event.data.text === 'string')
  return (
    <section class="card" aria-labelledby="comments-heading" data-comments="">
      <h2 id="comments-heading">{c.title}</h2>
      <p class="muted">{c.intro}</p>
      {comments.length === 0 ? <p class="muted">{c.none}</p> : (
        <ol class="comment-list">
          {comments.map((comment) => (
            <li data-comment="">
              <p class="comment-text">{String(comment.data.text)}</p>
              <p class="muted small">{c.by(comment.actor.name, formatDateTime(comment.at, ctx.session.timeZone), comment.actor.type === 'api_token')}</p>
            </li>
          ))}
        </ol>
      )}
      <form method="post" action={`/proposals/${detail.id}/comments`} class="action-form">
        <CsrfField token={ctx.csrfToken} />
        <TextAreaField name="text" label={c.label} rows={3} required maxLength={COMMENT_MAX_CHARACTERS} hint={detail.status === 'draft' ? `${c.hint(COMMENT_MAX_CHARACTERS)} ${c.draftHint}` : c.hint(COMMENT_MAX_CHARACTERS)} id="field-comment-text" />
        <button type="submit" class="button secondary">{c.submit}</button>
      </form>
    </section>
  )
}
