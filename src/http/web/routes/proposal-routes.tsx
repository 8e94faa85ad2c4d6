// Documentos: the list with filters, the new-document form and the edit page (/proposals…).
// Creation and update go through the proposals module with the signed-in user as the actor, so
// the web app and the API share every rule; this file only moves form fields in and pages out.
// (The rendered document at /proposals/:id/preview has its own route file.)
import { findDiscountApprovalLimit } from '../../../modules/lifecycle/discount-approval.js'
import { actionContextOf } from '../../../modules/lifecycle/action-context.js'
import { discountApprovalState } from '../../../modules/lifecycle/discount-rule.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { findSignerSettings } from '../../../modules/accounts/account-settings.js'
import { checkSignerMessage } from '../../../modules/lifecycle/signer-correspondence.js'
import { listSellers } from '../../../modules/catalog/registration-data.js'
import { createProposal } from '../../../modules/proposals/create-proposal.js'
import { proposalInputErrors } from '../../../modules/proposals/check-proposal-input.js'
import { getProposalDetail } from '../../../modules/proposals/get-proposal.js'
import { listProposals, type ProposalListFilters } from '../../../modules/proposals/list-proposals.js'
import { PROPOSAL_STATUSES } from '../../../platform/db/schema.js'
import type { ProposalDetail } from '../../../modules/proposals/proposal-mapper.js'
import { findCustomerChoice, findCustomerIdByTypedReference, getProposalFormOptions, productsByCode, type ProposalFormOptions } from '../../../modules/proposals/proposal-form-options.js'
import { recentSignersOf } from '../../../modules/proposals/recent-signers.js'
import { updateProposal } from '../../../modules/proposals/update-proposal.js'
import type { Actor } from '../../../modules/proposals/actor.js'
import type { ProposalStatus } from '../../../platform/db/schema.js'
import { AppError } from '../../../platform/errors.js'
import { pageNumber } from '../components/pagination.js'
import { dateRangeErrors } from '../date-range-filter.js'
import { formString, isCalendarDate, TYPED_ID } from '../form-data.js'
import { requireSession, sendNotFound } from '../guards.js'
import { t } from '../i18n/pt-BR.js'
import { pageContext, sessionOf } from '../page-context.js'
import { EditProposalPage, NotEditablePage } from '../pages/proposal-edit-page.js'
import { commentColleagues } from '../../../modules/proposals/comment-notices.js'
import { type AttachmentCopyOffer, NewProposalPage } from '../pages/proposal-form-page.js'
import { addModuleErrors, applyProductCodes, copiedFormValues, emptyFormValues, type FormErrors, formErrorsOf, formValuesFromBody, formValuesFromDetail, parseProposalForm, type ProposalFormValues } from '../pages/proposal-form-values.js'
import { type ProposalListErrors, type ProposalListQuery, ProposalListPage, PROPOSALS_PER_PAGE } from '../pages/proposal-list-page.js'
import { SIGNER_SUGGESTIONS_PATH, SignerSuggestions } from '../pages/signer-suggestions.js'
import { sendFragment, sendPage } from '../render.js'
import { idParam, redirectWithFlash, type WebRoutesOptions } from './route-options.js'
import { localDate } from '../../../platform/time-zones.js'
import { sendCsv } from '../send-csv.js'
import { copyProposalAttachments, listProposalAttachments } from '../../../modules/documents/proposal-attachments.js'
import { proposalsCsv } from '../proposal-csv.js'
import { typedDocumentNumber } from '../typed-document-number.js'
import { findTemplate } from '../../../modules/catalog/template-admin.js'
import { storedBodyReview } from '../../../modules/rendering/template-review.js'

const ID = TYPED_ID

/**
 * The list's query as typed, the filters it means, and the period's, number's and expiry's errors
 * (other values that mean nothing are ignored). `today`: the account's, where "expiring" starts.
 */
function listQuery(raw: unknown, today: string): { query: ProposalListQuery; filters: ProposalListFilters; errors: ProposalListErrors } {
  const text = (name: string) => formString(raw, name).trim().slice(0, 200)
  const query: ProposalListQuery = {
    number: text('number'),
    status: text('status'),
    seller_id: text('seller_id'),
    customer: text('customer'),
    customer_id: text('customer_id'),
    from: text('from'),
    to: text('to'),
    expiring_by: text('expiring_by'),
  }
  const filters: ProposalListFilters = {}
  const number = typedDocumentNumber(query.number)
  const numberError = query.number !== '' && number === null ? t.proposals.filters.invalidNumber : undefined
  if (number !== null) filters.number = number
  if ((PROPOSAL_STATUSES as readonly string[]).includes(query.status)) filters.status = query.status as ProposalStatus
  if (ID.test(query.seller_id)) filters.sellerId = Number(query.seller_id)
  if (ID.test(query.customer_id)) filters.customerId = Number(query.customer_id)
  if (query.customer !== '') filters.customerText = query.customer
  const errors = dateRangeErrors(query.from, query.to)
  if (query.from !== '' && errors.from === undefined) filters.createdFrom = query.from
  if (query.to !== '' && errors.to === undefined) filters.createdTo = query.to
  const expiringError = expiringByError(query.expiring_by, today)
  if (query.expiring_by !== '' && expiringError === undefined) filters.expiring = { from: today, to: query.expiring_by }
  const allErrors: ProposalListErrors = { ...errors }
  if (numberError !== undefined) allErrors.number = numberError
  if (expiringError !== undefined) allErrors.expiring_by = expiringError
  return { query, filters, errors: allErrors }
}

/** "Vencem até": a date from today on (a past one would find nothing: those documents are "Vencido"). */
function expiringByError(typed: string, today: string): string | undefined {
  if (typed === '') return undefined
  if (!isCalendarDate(typed)) return t.dateFilters.invalidDate
  return typed < today ? t.proposals.filters.expiringPast : undefined
}

export function registerProposalRoutes(app: FastifyInstance, options: WebRoutesOptions): void {
  const { db, clock, config } = options

  function actorOf(request: FastifyRequest): Actor {
    const session = sessionOf(request)
    return { type: 'user', id: session.userId, name: session.userName }
  }

  function scopeOf(request: FastifyRequest) {
    const session = sessionOf(request)
    return { accountId: session.accountId, timeZone: session.timeZone, clock }
  }

  /**
   * The posted form read against the current options: items named by code get their products' ids
   * (and the page their prices), then the form's syntax is checked; a code's error comes first.
   */
  async function submittedForm(request: FastifyRequest) {
    const { accountId } = sessionOf(request)
    const posted = formValuesFromBody(request.body)
    const [options, found] = await Promise.all([getProposalFormOptions(db, accountId), productsByCode(db, accountId, posted.items.map((item) => item.product_code.trim()).filter((code) => code !== ''))])
    const coded = applyProductCodes(posted, found, options.products === null)
    const parsed = parseProposalForm(coded.values, options.customers === null)
    return { formOptions: { ...options, typedProducts: [...found.values()] }, values: coded.values, parsed: { ...parsed, errors: { ...parsed.errors, ...coded.errors } } }
  }

  /** The form's values and errors after a failed parse: the module's reference errors are added too. */
  async function collectErrors(request: FastifyRequest, parsed: ReturnType<typeof parseProposalForm>): Promise<FormErrors> {
    return addModuleErrors(parsed.errors, await proposalInputErrors(db, scopeOf(request), parsed.input))
  }

  function loadDetail(request: FastifyRequest, id: number): Promise<ProposalDetail | undefined> {
    const session = sessionOf(request)
    return getProposalDetail(db, session.accountId, { by: 'id', id }, config.publicUrl, { today: localDate(clock.now(), session.timeZone), timeZone: session.timeZone })
  }

  function renderNew(request: FastifyRequest, reply: FastifyReply, formOptions: ProposalFormOptions, values: ProposalFormValues, errors: FormErrors, status = 200, copyAttachments?: AttachmentCopyOffer) {
    return sendPage(reply, <NewProposalPage ctx={pageContext(request)} options={formOptions} values={values} errors={errors} copyAttachments={copyAttachments} />, status)
  }

  /** "Duplicar"'s offer to copy the source's attachments; undefined when it has none (or is not the account's). */
  async function attachmentCopyOffer(request: FastifyRequest, sourceId: number, checked: boolean): Promise<AttachmentCopyOffer | undefined> {
    const { accountId } = sessionOf(request)
    const source = await db.selectFrom('proposals').select('number').where('account_id', '=', accountId).where('id', '=', sourceId).executeTakeFirst()
    const files = source ? await listProposalAttachments(db, accountId, sourceId) : []
    return source && files.length > 0 ? { from: sourceId, number: source.number, files, checked } : undefined
  }

  /** The copy's source as the posted form names it, with whether its attachments are wanted. */
  function postedCopy(body: unknown): { from: number; wanted: boolean } | undefined {
    const from = formString(body, 'attachments_from')
    return ID.test(from) ? { from: Number(from), wanted: formString(body, 'copy_attachments') === '1' } : undefined
  }

  async function renderEdit(request: FastifyRequest, reply: FastifyReply, detail: ProposalDetail, formOptions: ProposalFormOptions, values: ProposalFormValues, errors: FormErrors, status = 200) {
    const { accountId } = sessionOf(request)
    // A draft reads the account's settings once (its usual message to the signers) and the discount limit it answers to.
    const [settings, limitBp] = detail.status === 'draft' ? await Promise.all([findSignerSettings(db, accountId), findDiscountApprovalLimit(db, accountId, detail.seller?.id ?? null)]) : [null, null]
    // A digital draft's send form starts from the usual message, read as a message, as an API send
    // reads it: one set by hand past the rules prefills nothing.
    const usual = checkSignerMessage(detail.signature_type.id === 'digital' ? (settings?.defaultSignerMessage ?? null) : null)
    const defaultMessage = usual.problem === null ? usual.message : null
    const omitsDownPayment = await templateOmitsDownPayment(accountId, detail)
    const discountApproval = draftDiscountApproval(detail, limitBp)
    const attachments = await listProposalAttachments(db, accountId, detail.id)
    const colleagues = await commentColleagues(db, accountId, sessionOf(request).userId)
    return sendPage(reply, <EditProposalPage ctx={pageContext(request)} detail={detail} options={formOptions} values={values} errors={errors} defaultSignerMessage={defaultMessage} templateOmitsDownPayment={omitsDownPayment} discountApproval={discountApproval} attachments={attachments} colleagues={colleagues} />, status)
  }

  /** Where a draft's discount stands, from the history the detail holds, in the figures the page shows (the detail says whether it was asked for). */
  function draftDiscountApproval(detail: ProposalDetail, limitBp: number | null) {
    return discountApprovalState(limitBp, detail.totals, detail.events, detail.discount_approval?.status === 'requested')
  }

  /** A draft with a down payment, its template read to tell whether its text states it (read only then). */
  async function templateOmitsDownPayment(accountId: number, detail: ProposalDetail): Promise<boolean> {
    if (detail.status !== 'draft' || detail.payment.down_payment === null) return false
    const template = await findTemplate(db, accountId, detail.template.id)
    return template !== undefined && storedBodyReview(template.body).omitsDownPayment
  }

  /**
   * The seller filter's choices: the active sellers, and the one filtered by when it is not among
   * them (deactivated since, or a user who is no seller: the report by seller links to their
   * documents), so the field shows the filter that applies and keeps it on the next "Filtrar".
   */
  async function sellerChoices(accountId: number, sellerId: number | undefined) {
    const sellers = await listSellers(db, accountId)
    if (sellerId === undefined || sellers.some((seller) => seller.id === sellerId)) return sellers
    const user = await db.selectFrom('users').select(['id', 'name', 'active']).where('account_id', '=', accountId).where('id', '=', sellerId).executeTakeFirst()
    return user ? [...sellers, { id: user.id, name: Boolean(user.active) ? user.name : `${user.name} ${t.proposals.filters.inactiveSeller}` }] : sellers
  }

  /** The list's page with its filters' errors, and no rows until they are corrected (422). */
  async function refusedFilters(request: FastifyRequest, reply: FastifyReply, { query, filters, errors }: ReturnType<typeof listQuery>) {
    const sellers = await sellerChoices(sessionOf(request).accountId, filters.sellerId)
    return sendPage(reply, <ProposalListPage ctx={pageContext(request)} query={query} errors={errors} sellers={sellers} rows={[]} total={0} page={1} />, 422)
  }

  app.get('/proposals', { preHandler: requireSession }, async (request, reply) => {
    const session = sessionOf(request)
    const listed = listQuery(request.query, localDate(clock.now(), session.timeZone))
    const { query, filters, errors } = listed
    const page = pageNumber((request.query as Record<string, unknown>).page)
    if (Object.keys(errors).length > 0) return refusedFilters(request, reply, listed)
    const [list, sellers] = await Promise.all([
      listProposals(db, { id: session.accountId, timeZone: session.timeZone }, filters, { page, perPage: PROPOSALS_PER_PAGE }),
      sellerChoices(session.accountId, filters.sellerId),
    ])
    return sendPage(reply, <ProposalListPage ctx={pageContext(request)} query={query} sellers={sellers} rows={list.rows} total={list.total} page={page} />)
  })

  // Every document the list's filters find, as CSV (http/web/proposal-csv.ts), streamed.
  app.get('/proposals/export.csv', { preHandler: requireSession }, async (request, reply) => {
    const session = sessionOf(request)
    const listed = listQuery(request.query, localDate(clock.now(), session.timeZone))
    if (Object.keys(listed.errors).length > 0) return refusedFilters(request, reply, listed)
    const account = { id: session.accountId, timeZone: session.timeZone }
    return sendCsv(reply, t.proposals.csv.fileName(localDate(clock.now(), session.timeZone)), proposalsCsv(db, account, listed.filters))
  })

  app.get('/proposals/new', { preHandler: requireSession }, async (request, reply) => {
    const session = sessionOf(request)
    const formOptions = await getProposalFormOptions(db, session.accountId)
    // "Duplicar": the form filled in with another document of the account, whatever its status.
    const from = formString(request.query, 'from')
    if (from !== '') {
      const source = ID.test(from) ? await loadDetail(request, Number(from)) : undefined
      if (!source) return sendNotFound(request, reply)
      const values = copiedFormValues(source, formOptions.customers === null, localDate(clock.now(), session.timeZone))
      const copyAttachments = await attachmentCopyOffer(request, source.id, true)
      return sendPage(reply, <NewProposalPage ctx={pageContext(request)} options={formOptions} values={values} errors={{}} copiedFrom={source} copyAttachments={copyAttachments} />)
    }
    const wanted = formString(request.query, 'customer_id')
    let values = emptyFormValues()
    if (ID.test(wanted)) {
      const customer = await findCustomerChoice(db, session.accountId, Number(wanted))
      if (customer) values = emptyFormValues(formOptions.customers === null ? { ref: customer.code ?? customer.document ?? '' } : { id: customer.id })
    }
    return renderNew(request, reply, formOptions, values, {})
  })

  // The chosen customer's earlier signers, for the form's script (pages/signer-suggestions.tsx): by
  // `customer_id` (the form's list) or `customer_ref` (its typed code or CPF/CNPJ), without the
  // draft being edited (`exclude`). A customer of another account, a missing one and a value
  // naming none all get the same empty answer.
  app.get(SIGNER_SUGGESTIONS_PATH, { preHandler: requireSession }, async (request, reply) => {
    const { accountId } = sessionOf(request)
    const byId = formString(request.query, 'customer_id')
    const customerId = byId !== '' ? (ID.test(byId) ? Number(byId) : undefined) : await findCustomerIdByTypedReference(db, accountId, formString(request.query, 'customer_ref'))
    const exclude = formString(request.query, 'exclude')
    const signers = customerId === undefined ? [] : await recentSignersOf(db, accountId, customerId, ID.test(exclude) ? Number(exclude) : undefined)
    return sendFragment(reply, signers.length === 0 ? null : <SignerSuggestions signers={signers} />)
  })

  app.post('/proposals', { preHandler: requireSession }, async (request, reply) => {
    const { formOptions, values, parsed } = await submittedForm(request)
    const copy = postedCopy(request.body)
    // A form sent back with its errors keeps the offer to copy the attachments, ticked as it was.
    const offer = async () => (copy ? attachmentCopyOffer(request, copy.from, copy.wanted) : undefined)
    if (Object.keys(parsed.errors).length > 0) return renderNew(request, reply, formOptions, values, await collectErrors(request, parsed), 422, await offer())
    let created: { id: number; number: number }
    try {
      // Web creations do not count against the API's monthly quota.
      created = await createProposal(db, { ...scopeOf(request), via: 'web', actor: actorOf(request) }, parsed.input)
    } catch (error) {
      const errors = error instanceof AppError ? formErrorsOf(error) : null
      if (!errors) throw error
      return renderNew(request, reply, formOptions, values, errors, 422, await offer())
    }
    // The copy's attachments go to the new draft right after it is made (a source of another account has none).
    const context = actionContextOf(sessionOf(request), actorOf(request), { clock, publicUrl: config.publicUrl, smtpUrl: config.smtpUrl })
    const back = `/proposals/${created.id}/edit`
    if (!copy?.wanted) return redirectWithFlash(reply, options, back, { kind: 'success', text: t.proposals.created(created.number) })
    try {
      const copied = await copyProposalAttachments(db, context, copy.from, created.id)
      const said = [t.proposals.created(created.number), ...(copied > 0 ? [t.proposals.copy.attachmentsCopied(copied)] : [])].join(' ')
      return redirectWithFlash(reply, options, back, { kind: 'success', text: said })
    } catch (error) {
      // The draft exists already: the user is taken to it and told, not shown an error page (a
      // resubmission would make a second draft).
      request.log.error({ err: error, proposalId: created.id }, 'copying the attachments of a duplicated document failed')
      return redirectWithFlash(reply, options, back, { kind: 'error', text: t.proposals.copy.attachmentsFailed(created.number) })
    }
  })

  app.get('/proposals/:id/edit', { preHandler: requireSession }, async (request, reply) => {
    const id = idParam(request.params)
    const detail = id === null ? undefined : await loadDetail(request, id)
    if (!detail) return sendNotFound(request, reply)
    const formOptions = await getProposalFormOptions(db, sessionOf(request).accountId)
    return renderEdit(request, reply, detail, formOptions, formValuesFromDetail(detail, formOptions.customers === null), {})
  })

  app.post('/proposals/:id', { preHandler: requireSession }, async (request, reply) => {
    const id = idParam(request.params)
    const detail = id === null ? undefined : await loadDetail(request, id)
    if (!detail || id === null) return sendNotFound(request, reply)
    if (detail.status !== 'draft') return sendPage(reply, <NotEditablePage ctx={pageContext(request)} detail={detail} />, 409)
    const { formOptions, values, parsed } = await submittedForm(request)
    if (Object.keys(parsed.errors).length > 0) return renderEdit(request, reply, detail, formOptions, values, await collectErrors(request, parsed), 422)
    try {
      const result = await updateProposal(db, { ...scopeOf(request), via: 'web', actor: actorOf(request) }, id, parsed.input)
      if (result.outcome === 'not_found') return sendNotFound(request, reply)
      if (result.outcome === 'not_editable') return sendPage(reply, <NotEditablePage ctx={pageContext(request)} detail={{ ...detail, status: result.status }} />, 409)
      return redirectWithFlash(reply, options, `/proposals/${id}/edit`, { kind: 'success', text: t.proposals.updated(result.number) })
    } catch (error) {
      const errors = error instanceof AppError ? formErrorsOf(error) : null
      if (!errors) throw error
      return renderEdit(request, reply, detail, formOptions, values, errors, 422)
    }
  })
}
