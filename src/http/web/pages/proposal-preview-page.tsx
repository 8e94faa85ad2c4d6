// Documentos → preview: the rendered document in a sandboxed frame. The frame loads
// /proposals/:id/preview/document, which carries its own strict CSP (no scripts, sandbox), so the
// template's HTML never runs in this page's origin.
import { PageHeader } from '../components/page-header.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'

const p = t.preview

export function ProposalPreviewPage({ ctx, proposal }: { ctx: PageContext; proposal: { id: number; number: number; title: string } }) {
  const title = p.title(proposal.number)
  const documentUrl = `/proposals/${proposal.id}/preview/document`
  return (
    <AppLayout title={title} ctx={ctx} section="proposals">
      <PageHeader
        title={title}
        breadcrumb={{ label: p.breadcrumb, href: '/proposals' }}
        intro={proposal.title}
        actions={
          <>
            <a class="button secondary" href={`/proposals/${proposal.id}/edit`}>{p.backToEdit}</a>
            <a class="button ghost" href={documentUrl}>{p.openAlone}</a>
          </>
        }
      />
      <p class="muted">{p.intro}</p>
      <iframe class="document-frame" sandbox="" src={documentUrl} title={p.frameTitle(proposal.number)} />
    </AppLayout>
  )
}
