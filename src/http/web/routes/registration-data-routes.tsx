// Cadastros: products/services, payment methods, signer roles and users/sellers (/registration-data…).
// Every signed-in user can read the catalogue lists; creating, editing and (de)activating is for
// admins, and so is the whole of Usuários e vendedores. Rows are never deleted: documents refer to
// them, so they are deactivated instead. Templates (/registration-data/templates) live in
// template-routes.tsx. A change here is seen by the API at once: its cached registration data is
// checked against accounts.catalog_version (bumped by triggers), and the catalogue lookups of a
// creation read the tables.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { VNode } from 'preact'
import { discountLimitInput } from '../../../modules/lifecycle/discount-rule.js'
import { type AccountUserRow, createAccountUser, findAccountUser, listAccountUsers, updateAccountUser } from '../../../modules/accounts/manage-users.js'
import { endSessions, sessionsSummary } from '../../../modules/accounts/own-sessions.js'
import { resendInvitation } from '../../../modules/accounts/user-invitation.js'
import { findTwoFactorState, turnOffTwoFactor } from '../../../modules/accounts/two-factor.js'
import { normalizeEmail } from '../../../platform/contact-formats.js'
import { countCatalog } from '../../../modules/catalog/catalog-counts.js'
import { PER_PAGE } from '../../../modules/catalog/catalog-text.js'
import { findPaymentMethod, listPaymentMethods, savePaymentMethod } from '../../../modules/catalog/manage-payment-methods.js'
import { DEFAULT_PAYMENT_TERMS } from '../../../modules/proposals/payment-schedule.js'
import { findProduct, listProducts, saveProduct } from '../../../modules/catalog/manage-products.js'
import { findSignerRole, listSignerRoles, saveSignerRole } from '../../../modules/catalog/manage-signer-roles.js'
import type { Db } from '../../../platform/db/connect.js'
import { pageNumber } from '../components/pagination.js'
import { SESSION_COOKIE, readCookie } from '../cookies.js'
import { formChecked, formString, formStringIfSent } from '../form-data.js'
import { centsToInput, inputToCents } from '../format.js'
import { requireRole, requireSession, sendNotFound } from '../guards.js'
import { t } from '../i18n/pt-BR.js'
import { activityActorOf, pageContext, sessionOf } from '../page-context.js'
import { PaymentMethodFormPage, PaymentMethodListPage, type PaymentMethodFormValues } from '../pages/registration-payment-method-pages.js'
import { ProductFormPage, ProductListPage, type ProductFormValues } from '../pages/registration-product-pages.js'
import { RegistrationHubPage } from '../pages/registration-hub-page.js'
import { SignerRoleFormPage, SignerRoleListPage } from '../pages/registration-signer-role-pages.js'
import { UserFormPage, UserListPage, type UserFormValues } from '../pages/registration-user-pages.js'
import { sendPage } from '../render.js'
import { type WebRoutesOptions, idParam, redirectWithFlash } from './route-options.js'

const ROOT = '/registration-data'
const created = { kind: 'success' as const, text: t.registrationData.created }
const updated = { kind: 'success' as const, text: t.registrationData.updated }

function productValues(body: unknown): ProductFormValues {
  return {
    code: formString(body, 'code'),
    name: formString(body, 'name'),
    kind: formString(body, 'kind'),
    unit: formString(body, 'unit'),
    price: formString(body, 'price'),
    description: formString(body, 'description'),
    active: formChecked(body, 'active'),
  }
}

function paymentMethodValues(body: unknown): PaymentMethodFormValues {
  return {
    name: formString(body, 'name'),
    kind: formString(body, 'kind'),
    max_installments: formString(body, 'max_installments'),
    first_due_days: formString(body, 'first_due_days'),
    installment_interval_days: formString(body, 'installment_interval_days'),
    due_on_business_days: formChecked(body, 'due_on_business_days'),
    active: formChecked(body, 'active'),
  }
}

function userValues(body: unknown, email: string): UserFormValues {
  return {
    name: formString(body, 'name'),
    email,
    role: formString(body, 'role'),
    isSeller: formChecked(body, 'is_seller'),
    isDefaultSeller: formChecked(body, 'is_default_seller'),
    active: formChecked(body, 'active'),
    invite: formChecked(body, 'invite'),
    discountApprovalAbove: formString(body, 'discount_approval_above'),
  }
}

function userRowValues(row: AccountUserRow): UserFormValues {
  return { name: row.name, email: row.email, role: row.role, isSeller: row.is_seller, isDefaultSeller: row.is_default_seller, active: row.active, invite: false, discountApprovalAbove: discountLimitInput(row.discount_approval_above_bp) }
}

export function registerRegistrationDataRoutes(app: FastifyInstance, options: WebRoutesOptions): void {
  const { db, clock } = options
  const adminOnly = { preHandler: requireRole('admin') }
  const signedIn = { preHandler: requireSession }

  /** The row of the signed-in account that the route's :id names; undefined for a bad, missing or foreign id. */
  async function rowOfParams<Row>(request: FastifyRequest, find: (db: Db, accountId: number, id: number) => Promise<Row | undefined>): Promise<Row | undefined> {
    const id = idParam(request.params)
    return id === null ? undefined : find(db, sessionOf(request).accountId, id)
  }

  /** Answers a save: back to the list with a flash, a 404 for a missing row, or the form again with its errors (422). */
  function answerSave<E>(request: FastifyRequest, reply: FastifyReply, list: string, id: number | undefined, result: { ok: true } | { ok: false; errors: E } | { ok: false; notFound: true }, form: (errors: E) => VNode) {
    if (result.ok) return redirectWithFlash(reply, options, list, id === undefined ? created : updated)
    if ('notFound' in result) return sendNotFound(request, reply)
    return sendPage(reply, form(result.errors), 422)
  }

  /**
   * POST `list` creates (id undefined) and POST `${list}/:id` updates, both through `submit`. An
   * :id that is not one of the account's rows is a 404 before the form is even read, so a foreign
   * ID answers exactly like a missing one whatever was posted.
   */
  function formPosts(list: string, find: (db: Db, accountId: number, id: number) => Promise<unknown>, submit: (request: FastifyRequest, reply: FastifyReply, id: number | undefined) => Promise<FastifyReply>): void {
    app.post(list, adminOnly, async (request, reply) => submit(request, reply, undefined))
    app.post(`${list}/:id`, adminOnly, async (request, reply) => {
      const id = idParam(request.params)
      if (id === null || !(await find(db, sessionOf(request).accountId, id))) return sendNotFound(request, reply)
      return submit(request, reply, id)
    })
  }

  app.get(ROOT, signedIn, async (request, reply) => {
    const counts = await countCatalog(db, sessionOf(request).accountId)
    return sendPage(reply, <RegistrationHubPage ctx={pageContext(request)} counts={counts} />)
  })

  // ── Produtos e serviços ──
  const PRODUCTS = `${ROOT}/products`

  app.get(PRODUCTS, signedIn, async (request, reply) => {
    const query = request.query as Record<string, unknown>
    const q = typeof query.q === 'string' ? query.q.trim().slice(0, 100) : ''
    const page = pageNumber(query.page)
    const { rows, total } = await listProducts(db, sessionOf(request).accountId, { q, page })
    return sendPage(reply, <ProductListPage ctx={pageContext(request)} rows={rows} total={total} page={page} perPage={PER_PAGE} q={q} />)
  })

  app.get(`${PRODUCTS}/new`, adminOnly, async (request, reply) => {
    const values: ProductFormValues = { code: '', name: '', kind: 'product', unit: 'un', price: '', description: '', active: true }
    return sendPage(reply, <ProductFormPage ctx={pageContext(request)} values={values} />)
  })

  app.get(`${PRODUCTS}/:id/edit`, adminOnly, async (request, reply) => {
    const row = await rowOfParams(request, findProduct)
    if (!row) return sendNotFound(request, reply)
    const values: ProductFormValues = { ...row, price: centsToInput(row.price_cents), description: row.description ?? '' }
    return sendPage(reply, <ProductFormPage ctx={pageContext(request)} id={row.id} values={values} />)
  })

  formPosts(PRODUCTS, findProduct, async (request, reply, id) => {
    const values = productValues(request.body)
    const result = await saveProduct(db, clock, sessionOf(request).accountId, id, { ...values, price_cents: inputToCents(values.price) }, activityActorOf(request))
    return answerSave(request, reply, PRODUCTS, id, result, (errors) => <ProductFormPage ctx={pageContext(request)} id={id} values={values} errors={errors} />)
  })

  // ── Formas de pagamento ──
  const METHODS = `${ROOT}/payment-methods`

  app.get(METHODS, signedIn, async (request, reply) => {
    const rows = await listPaymentMethods(db, sessionOf(request).accountId)
    return sendPage(reply, <PaymentMethodListPage ctx={pageContext(request)} rows={rows} />)
  })

  app.get(`${METHODS}/new`, adminOnly, async (request, reply) => {
    return sendPage(reply, <PaymentMethodFormPage ctx={pageContext(request)} values={{ name: '', kind: '', max_installments: '1', first_due_days: String(DEFAULT_PAYMENT_TERMS.first_due_days), installment_interval_days: String(DEFAULT_PAYMENT_TERMS.installment_interval_days), due_on_business_days: false, active: true }} />)
  })

  app.get(`${METHODS}/:id/edit`, adminOnly, async (request, reply) => {
    const row = await rowOfParams(request, findPaymentMethod)
    if (!row) return sendNotFound(request, reply)
    return sendPage(reply, <PaymentMethodFormPage ctx={pageContext(request)} id={row.id} values={{ ...row, max_installments: String(row.max_installments), first_due_days: String(row.first_due_days), installment_interval_days: String(row.installment_interval_days) }} />)
  })

  formPosts(METHODS, findPaymentMethod, async (request, reply, id) => {
    const values = paymentMethodValues(request.body)
    const result = await savePaymentMethod(db, clock, sessionOf(request).accountId, id, values, activityActorOf(request))
    return answerSave(request, reply, METHODS, id, result, (errors) => <PaymentMethodFormPage ctx={pageContext(request)} id={id} values={values} errors={errors} />)
  })

  // ── Papéis de signatários ──
  const ROLES = `${ROOT}/signer-roles`

  app.get(ROLES, signedIn, async (request, reply) => {
    const rows = await listSignerRoles(db, sessionOf(request).accountId)
    return sendPage(reply, <SignerRoleListPage ctx={pageContext(request)} rows={rows} />)
  })

  app.get(`${ROLES}/new`, adminOnly, async (request, reply) => {
    return sendPage(reply, <SignerRoleFormPage ctx={pageContext(request)} values={{ name: '', active: true }} />)
  })

  app.get(`${ROLES}/:id/edit`, adminOnly, async (request, reply) => {
    const row = await rowOfParams(request, findSignerRole)
    if (!row) return sendNotFound(request, reply)
    return sendPage(reply, <SignerRoleFormPage ctx={pageContext(request)} id={row.id} values={row} />)
  })

  formPosts(ROLES, findSignerRole, async (request, reply, id) => {
    const values = { name: formString(request.body, 'name'), active: formChecked(request.body, 'active') }
    const result = await saveSignerRole(db, clock, sessionOf(request).accountId, id, values, activityActorOf(request))
    return answerSave(request, reply, ROLES, id, result, (errors) => <SignerRoleFormPage ctx={pageContext(request)} id={id} values={values} errors={errors} />)
  })

  // ── Usuários e vendedores (admins only, list included) ──
  const USERS = `${ROOT}/users`

  app.get(USERS, adminOnly, async (request, reply) => {
    const rows = await listAccountUsers(db, sessionOf(request).accountId)
    return sendPage(reply, <UserListPage ctx={pageContext(request)} rows={rows} />)
  })

  // Invitations go by e-mail: offered only when it can be sent (SMTP_URL), checked by default then.
  const canInvite = options.config.smtpUrl !== null

  app.get(`${USERS}/new`, adminOnly, async (request, reply) => {
    const values: UserFormValues = { name: '', email: '', role: 'member', isSeller: true, isDefaultSeller: false, active: true, invite: canInvite, discountApprovalAbove: '' }
    return sendPage(reply, <UserFormPage ctx={pageContext(request)} values={values} canInvite={canInvite} />)
  })

  /**
   * Below another user's form: whether their two-step verification is on (to reset it) and their
   * sessions (to end them). One's own are Minha conta's, behind the password.
   */
  async function anotherUsersAccess(request: FastifyRequest, userId: number) {
    const { accountId, userId: ownId } = sessionOf(request)
    if (userId === ownId) return {}
    const { enabled } = await findTwoFactorState(db, accountId, userId)
    return { twoFactorOn: enabled, sessions: await sessionsSummary(db, clock, { accountId, userId }) }
  }

  app.get(`${USERS}/:id/edit`, adminOnly, async (request, reply) => {
    const row = await rowOfParams(request, findAccountUser)
    if (!row) return sendNotFound(request, reply)
    return sendPage(reply, <UserFormPage ctx={pageContext(request)} id={row.id} values={userRowValues(row)} canInvite={canInvite} {...(await anotherUsersAccess(request, row.id))} />)
  })

  app.post(USERS, adminOnly, async (request, reply) => {
    const session = sessionOf(request)
    const values = { ...userValues(request.body, formString(request.body, 'email')), active: true }
    const invite = canInvite && values.invite
    const invitation = invite ? { inviterName: session.userName, publicUrl: options.config.publicUrl } : undefined
    const result = await createAccountUser(db, clock, session.accountId, { ...values, password: formString(request.body, 'password'), ...(invitation ? { invitation } : {}) }, activityActorOf(request))
    if (result.ok && invite) return redirectWithFlash(reply, options, USERS, { kind: 'success', text: t.registrationData.users.invited(normalizeEmail(values.email)) })
    return answerSave(request, reply, USERS, undefined, result, (errors) => <UserFormPage ctx={pageContext(request)} values={values} errors={errors} canInvite={canInvite} />)
  })

  app.post(`${USERS}/:id`, adminOnly, async (request, reply) => {
    const session = sessionOf(request)
    const row = await rowOfParams(request, findAccountUser)
    if (!row) return sendNotFound(request, reply)
    const values = userValues(request.body, row.email)
    const actor = { userId: session.userId, sessionToken: readCookie(request, SESSION_COOKIE) }
    // A form without the limit's field (a script, a page from before it) keeps the seller's limit.
    const discountApprovalAbove = formStringIfSent(request.body, 'discount_approval_above')
    const result = await updateAccountUser(db, clock, session.accountId, actor, row.id, { ...values, discountApprovalAbove, password: formString(request.body, 'password') }, activityActorOf(request))
    // Only a refused form shows the page again; a saved one redirects.
    const access = result.ok ? {} : await anotherUsersAccess(request, row.id)
    return answerSave(request, reply, USERS, row.id, result, (errors) => <UserFormPage ctx={pageContext(request)} id={row.id} values={values} errors={errors} canInvite={canInvite} {...access} />)
  })

  // A new link for an active user of the account; a foreign, missing or inactive one is the 404 page.
  app.post(`${USERS}/:id/invite`, adminOnly, async (request, reply) => {
    const session = sessionOf(request)
    const row = await rowOfParams(request, findAccountUser)
    if (!row || !row.active || !canInvite) return sendNotFound(request, reply)
    const sent = await resendInvitation(db, clock, { accountId: session.accountId, userId: row.id, inviterName: session.userName, publicUrl: options.config.publicUrl }, activityActorOf(request))
    if (!sent) return sendNotFound(request, reply)
    return redirectWithFlash(reply, options, `${USERS}/${row.id}/edit`, { kind: 'success', text: t.registrationData.users.resent(row.email) })
  })

  // A user who lost a laptop or a phone still signed in: an admin ends every session of theirs.
  app.post(`${USERS}/:id/sessions/end`, adminOnly, async (request, reply) => {
    const row = await rowOfParams(request, findAccountUser)
    if (!row) return sendNotFound(request, reply)
    const users = t.registrationData.users
    if (row.id === sessionOf(request).userId) return redirectWithFlash(reply, options, `${USERS}/${row.id}/edit`, { kind: 'error', text: users.sessionsOwn })
    const ended = await endSessions(db, clock, { accountId: sessionOf(request).accountId, userId: row.id }, undefined, activityActorOf(request))
    return redirectWithFlash(reply, options, `${USERS}/${row.id}/edit`, { kind: ended > 0 ? 'success' : 'info', text: users.sessionsEnded(row.email, ended) })
  })

  // A user who lost their phone and their recovery codes: an admin turns the verification off.
  app.post(`${USERS}/:id/two-factor/reset`, adminOnly, async (request, reply) => {
    const row = await rowOfParams(request, findAccountUser)
    if (!row) return sendNotFound(request, reply)
    const users = t.registrationData.users
    // One's own takes the password and a code (Minha conta): an admin's open session alone must not.
    if (row.id === sessionOf(request).userId) return redirectWithFlash(reply, options, `${USERS}/${row.id}/edit`, { kind: 'error', text: users.twoFactorOwn })
    const turnedOff = await turnOffTwoFactor(db, clock, { accountId: sessionOf(request).accountId, userId: row.id }, { kind: 'two_factor_reset', by: sessionOf(request).userName }, activityActorOf(request))
    return redirectWithFlash(reply, options, `${USERS}/${row.id}/edit`, turnedOff ? { kind: 'success', text: users.twoFactorWasReset(row.email) } : { kind: 'info', text: users.twoFactorWasOff(row.email) })
  })
}
