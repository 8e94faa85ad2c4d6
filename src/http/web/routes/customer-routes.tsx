// Clientes: list, search, new and edit (/customers, /customers/:id/edit). The form is checked
// against the API's own CustomerInputSchema (lengths, e-mail, phone, UF, CEP) and then saved by
// saveCustomer, so the page and the API accept exactly the same customers.
import type { ErrorObject, ValidateFunction } from 'ajv'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { CustomerRow } from '../../../modules/customers/customer-mapper.js'
import type { CustomerInput } from '../../../modules/customers/customer-input.js'
import { findCustomerById } from '../../../modules/customers/customer-repository.js'
import { listCustomers } from '../../../modules/customers/list-customers.js'
import { saveCustomer, type CustomerFieldErrorCode, type CustomerFieldErrors, type CustomerFormField } from '../../../modules/customers/save-customer.js'
import { listCustomerProposalRows } from '../../../modules/proposals/proposal-repository.js'
import { recentSignersOf } from '../../../modules/proposals/recent-signers.js'
import { validatorCompilers } from '../../../platform/http/validation.js'
import { CustomerInputSchema } from '../../api-v1/schemas/customer.js'
import { pageNumber } from '../components/pagination.js'
import { formString } from '../form-data.js'
import { requireSession, sendNotFound } from '../guards.js'
import { t } from '../i18n/pt-BR.js'
import { pageContext, type PageContext } from '../page-context.js'
import { CUSTOMER_FORM_FIELDS, CustomerFormPage, customerFormValues, type CustomerFormValues } from '../pages/customer-form-page.js'
import { CustomerListPage } from '../pages/customer-list-page.js'
import { sendPage } from '../render.js'
import { idParam, redirectWithFlash, type WebRoutesOptions } from './route-options.js'

const PER_PAGE = 25
/** The newest documents shown on a customer's page; the rest are one link away. */
const DOCUMENTS_SHOWN = 50

const validateCustomerInput = validatorCompilers()({ schema: CustomerInputSchema, httpPart: 'body', method: 'POST', url: '/customers' }) as ValidateFunction

const ADDRESS_FIELDS = ['street', 'number', 'complement', 'district', 'city', 'state', 'postal_code'] as const

/** What was typed, trimmed; the UF upper-cased (the API wants "SP", people type "sp"). */
function readForm(body: unknown): CustomerFormValues {
  const values = Object.fromEntries(CUSTOMER_FORM_FIELDS.map((name) => [name, formString(body, name).trim()])) as CustomerFormValues
  values.state = values.state.toUpperCase()
  return values
}

/** The form as the API's CustomerInput: blank optional fields are null, a blank code or document absent. */
function toCustomerInput(values: CustomerFormValues): CustomerInput {
  const orNull = (value: string) => (value === '' ? null : value)
  return {
    name: values.name,
    ...(values.code !== '' && { code: values.code }),
    ...(values.document !== '' && { document: values.document }),
    trade_name: orNull(values.trade_name),
    email: orNull(values.email),
    phone: orNull(values.phone),
    address: Object.fromEntries(ADDRESS_FIELDS.map((key) => [key, orNull(values[key])])),
  }
}

function errorCode(field: CustomerFormField, error: ErrorObject, value: string): CustomerFieldErrorCode {
  if (field === 'document') return 'invalid_document'
  if (field === 'phone' && ['minLength', 'pattern'].includes(error.keyword)) return 'invalid_phone'
  if (error.keyword === 'minLength' && value === '') return 'required'
  if (error.keyword === 'maxLength') return 'too_long'
  if (error.keyword === 'format') {
    if (error.params.format === 'email') return 'invalid_email'
    if (error.params.format === 'cep') return 'invalid_postal_code'
  }
  if (error.keyword === 'enum' && field === 'state') return 'invalid_state'
  return 'invalid'
}

/** The schema's complaints, one per field (the first), keyed by the form's field names. */
function schemaErrors(values: CustomerFormValues, input: CustomerInput): CustomerFieldErrors {
  // Blank address parts are checked as absent: the schema's `state` enum lacks null (Nullable()
  // keeps an enum as it is when the schema also has a type), and a blank part needs no check.
  const address = Object.fromEntries(Object.entries(input.address ?? {}).filter(([, value]) => value !== null))
  if (validateCustomerInput({ ...input, address })) return {}
  const errors: CustomerFieldErrors = {}
  for (const error of validateCustomerInput.errors ?? []) {
    const field = error.instancePath.split('/').pop() as CustomerFormField
    if (!CUSTOMER_FORM_FIELDS.includes(field) || errors[field] !== undefined) continue
    errors[field] = errorCode(field, error, values[field])
  }
  return errors
}

export function registerCustomerRoutes(app: FastifyInstance, options: WebRoutesOptions): void {
  const { db, clock, secureCookies } = options

  /** What the customer's page shows beside its form: its latest documents and their signers. */
  async function customerActivity(accountId: number, customer: CustomerRow) {
    const [documents, signers] = await Promise.all([
      listCustomerProposalRows(db, accountId, customer, {}, { limit: DOCUMENTS_SHOWN, offset: 0 }),
      recentSignersOf(db, accountId, customer.id),
    ])
    return { documents, signers }
  }

  /** The customer of the URL, or null after answering 404 (missing, foreign or not a number). */
  async function customerOfUrl(request: FastifyRequest, reply: FastifyReply, ctx: PageContext): Promise<CustomerRow | null> {
    const id = idParam(request.params)
    const customer = id === null ? undefined : await findCustomerById(db, ctx.session.accountId, id)
    if (customer) return customer
    await sendNotFound(request, reply)
    return null
  }

  app.get('/customers', { preHandler: requireSession }, async (request, reply) => {
    const ctx = pageContext(request)
    const query = request.query as Record<string, unknown>
    const q = formString(query, 'q').trim().slice(0, 200)
    const page = pageNumber(formString(query, 'page'))
    const result = await listCustomers(db, ctx.session.accountId, { q, page, perPage: PER_PAGE })
    return sendPage(reply, <CustomerListPage ctx={ctx} q={q} customers={result.rows} page={page} perPage={PER_PAGE} total={result.total} />)
  })

  app.get('/customers/new', { preHandler: requireSession }, async (request, reply) => {
    return sendPage(reply, <CustomerFormPage ctx={pageContext(request)} values={customerFormValues(undefined)} />)
  })

  app.post('/customers', { preHandler: requireSession }, async (request, reply) => {
    const ctx = pageContext(request)
    const values = readForm(request.body)
    const input = toCustomerInput(values)
    const result = await saveCustomer(db, clock, ctx.session.accountId, undefined, input, schemaErrors(values, input))
    if (!result.ok) return sendPage(reply, <CustomerFormPage ctx={ctx} values={values} errors={result.errors} />, 422)
    return redirectWithFlash(reply, { secureCookies }, `/customers/${result.customer.id}/edit`, { kind: 'success', text: t.customers.created })
  })

  app.get('/customers/:id/edit', { preHandler: requireSession }, async (request, reply) => {
    const ctx = pageContext(request)
    const customer = await customerOfUrl(request, reply, ctx)
    if (!customer) return reply
    const { documents, signers } = await customerActivity(ctx.session.accountId, customer)
    return sendPage(reply, <CustomerFormPage ctx={ctx} customer={customer} values={customerFormValues(customer)} documents={documents} signers={signers} />)
  })

  app.post('/customers/:id', { preHandler: requireSession }, async (request, reply) => {
    const ctx = pageContext(request)
    const customer = await customerOfUrl(request, reply, ctx)
    if (!customer) return reply
    const values = readForm(request.body)
    const input = toCustomerInput(values)
    const result = await saveCustomer(db, clock, ctx.session.accountId, customer, input, schemaErrors(values, input))
    if (!result.ok) {
      const { documents, signers } = await customerActivity(ctx.session.accountId, customer)
      return sendPage(reply, <CustomerFormPage ctx={ctx} customer={customer} values={values} errors={result.errors} documents={documents} signers={signers} />, 422)
    }
    return redirectWithFlash(reply, { secureCookies }, `/customers/${customer.id}/edit`, { kind: 'success', text: t.customers.saved })
  })
}
