// "Anexos" on /proposals/:id/edit: the document's PDF attachments, each downloadable; while it is a
// draft, a form adds one (multipart, CSRF-checked) and each has its own removal form. Once sent
// they are frozen with it (documents/proposal-attachments.ts).
import { ATTACHMENTS_PER_DOCUMENT, type AttachmentView } from '../../../modules/documents/proposal-attachments.js'
import { formatFileSize } from '../../../platform/pt-br-format.js'
import { CsrfField, FileField } from '../form-field.js'
import { t } from '../i18n/pt-BR.js'
import type { PageContext } from '../page-context.js'

const x = t.proposalActions.attachments

export interface AttachmentsPanelProps {
  ctx: PageContext
  proposalId: number
  editable: boolean
  /** Sent at some point: its attachments were frozen with it (a draft cancelled unsent was not). */
  sent: boolean
  digital: boolean
  attachments: AttachmentView[]
}

export function ProposalAttachmentsPanel({ ctx, proposalId, editable, sent, digital, attachments }: AttachmentsPanelProps) {
  // A document that can no longer change shows the card only when it has something to download.
  if (!editable && attachments.length === 0) return null
  const base = `/proposals/${proposalId}/attachments`
  return (
    <section class="card" aria-labelledby="attachments-heading" data-attachments="">
      <h2 id="attachments-heading">{x.title}</h2>
      <p class="muted">{editable ? x.intro(digital) : sent ? x.frozen : x.closed}</p>
      {attachments.length === 0 ? <p class="muted">{x.none}</p> : (
        <ul class="attachment-list">
          {attachments.map((attachment) => (
            <li data-attachment-id={String(attachment.id)}>
              <a href={`${base}/${attachment.id}`} download aria-label={x.download(attachment.file_name)}>{attachment.file_name}</a>
              <span class="muted"> · {formatFileSize(attachment.size)}</span>
              {editable && (
                <form method="post" action={`${base}/remove`} class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <input type="hidden" name="attachment_id" value={String(attachment.id)} />
                  <button type="submit" class="button ghost small" aria-label={x.removeLabel(attachment.file_name)}>{x.remove}</button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && attachments.length < ATTACHMENTS_PER_DOCUMENT && (
        <form method="post" action={base} class="action-form" enctype="multipart/form-data">
          <CsrfField token={ctx.csrfToken} />
          <FileField name="file" label={x.file} hint={x.fileHint(ATTACHMENTS_PER_DOCUMENT)} accept="application/pdf,.pdf" required id="field-attachment-file" />
          <button type="submit" class="button secondary">{x.add}</button>
        </form>
      )}
    </section>
  )
}
