// A document's body rendered from its template: what the preview shows (and, later, what the PDF
// and the signing page are built from). Everything is read scoped to the account.
import type { Db } from '../../platform/db/connect.js'
import { findAccount } from '../accounts/accounts.js'
import { findTemplate } from '../catalog/template-admin.js'
import { getProposalDetail } from '../proposals/get-proposal.js'
import type { ProposalDetail } from '../proposals/proposal-mapper.js'
import { buildDocumentContext } from './document-context.js'
import { type AttachmentView, listProposalAttachments } from '../documents/proposal-attachments.js'
import { renderTemplateOffThread } from '../document-thread/document-thread.js'

/**
 * The HTML of the document's body (the template's own markup, data escaped), or undefined when
 * the account has no such document. Throws TemplateError when the template fails to render.
 * `proposal` is an id, or a detail already loaded for this account. `options.body`: a body to
 * render in place of the document's template (the template editor's preview with a real document).
 */
export async function renderProposalHtml(db: Db, accountId: number, proposal: number | ProposalDetail, options: { now: Date; body?: string; attachments?: AttachmentView[] }): Promise<string | undefined> {
  const detail = typeof proposal === 'number' ? await getProposalDetail(db, accountId, { by: 'id', id: proposal }, '') : proposal
  if (!detail) return undefined
  // A body given needs no template read; attachments given (the PDF's build read them) no second read.
  const [account, body, attachments] = await Promise.all([
    findAccount(db, accountId),
    options.body ?? findTemplate(db, accountId, detail.template.id).then((template) => template?.body),
    options.attachments ?? listProposalAttachments(db, accountId, detail.id),
  ])
  if (!account || body === undefined) return undefined
  return renderTemplateOffThread({ accountId }, body, buildDocumentContext({ ...detail, attachments }, account, options.now), account.time_zone)
}
