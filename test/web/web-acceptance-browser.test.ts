// The web app's acceptance flow in Chromium, as a new customer of Vendoc lives it: sign up, set up
// the catalogue, register a customer (a bad CNPJ first), build a document with two items and two
// signers, find it in the list and in its editor with the right totals; then, once support has
// moved the account to a plan with API access, create a token, call the API with it, find the
// call in the request log, regenerate the token and see the old one refused; finally a member
// is kept out of the integrations. Screenshots of every main screen go to test-results/.
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setAccountPlan } from '../../src/modules/accounts/accounts.js'
import { systemClock } from '../../src/platform/clock.js'
import { type BrowserHarness, chromiumAvailable, startBrowserHarness } from '../support/browser.js'
import { validCnpj } from '../support/documents.js'

const RESULTS = path.resolve('test-results')
const PASSWORD = 'senha-forte-123'
const ADMIN = { accountName: 'Comercial Aurora Ltda', name: 'Marina Costa', email: 'marina@aurora.test' }
const MEMBER = { name: 'Paulo Reis', email: 'paulo@aurora.test' }

/** "12.345.678/0001-95" from a valid normalised CNPJ. */
function formatCnpj(cnpj: string): string {
  return `${cnpj.slice(0, 2)}.${cnpj.slice(2, 5)}.${cnpj.slice(5, 8)}/${cnpj.slice(8, 12)}-${cnpj.slice(12)}`
}

describe.skipIf(!chromiumAvailable('web-acceptance-browser'))('Web app acceptance flow in Chromium', () => {
  let harness: BrowserHarness
  let baseUrl: string
  const problems: string[] = []

  beforeAll(async () => {
    harness = await startBrowserHarness()
    baseUrl = harness.baseUrl
    fs.mkdirSync(RESULTS, { recursive: true })
  }, 60_000)

  afterAll(async () => {
    await harness?.close()
  })

  async function newPage(): Promise<Page> {
    const context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    page.on('console', (message) => {
      // Forms with errors (422), refused pages (403) and the old token's 401 log as failed resources; a CSP refusal or script error is a defect.
      if (message.type() === 'error' && !/status of (401|403|422)/.test(message.text())) problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    return page
  }

  /** Screenshots the page, after checking every visible form control on it has a label. */
  async function shoot(page: Page, name: string) {
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input:not([type=hidden]), select, textarea'))
        .filter((control) => control.getClientRects().length > 0)
        .filter((control) => (control.labels?.length ?? 0) === 0 && !control.getAttribute('aria-label') && !control.getAttribute('aria-labelledby'))
        .map((control) => control.name || control.id),
    )
    expect(unlabelled, `unlabelled controls on ${name}`).toEqual([])
    await page.screenshot({ path: path.join(RESULTS, `acceptance-${name}.png`), fullPage: true })
  }

  async function logIn(page: Page, email: string) {
    await page.goto(`${baseUrl}/login`)
    await page.getByLabel('E-mail').fill(email)
    await page.getByLabel('Senha').fill(PASSWORD)
    await page.getByRole('button', { name: 'Entrar' }).click()
    await page.waitForURL(`${baseUrl}/dashboard`)
  }

  async function flash(page: Page): Promise<string> {
    return (await page.locator('.flash').textContent()) ?? ''
  }

  /** Opens a Cadastros "new" form, fills `fields` (by control id) and saves; expects the saved flash. */
  async function register(page: Page, newPath: string, fields: Record<string, string>) {
    await page.goto(`${baseUrl}${newPath}`)
    for (const [id, value] of Object.entries(fields)) {
      const control = page.locator(`#${id}`)
      if ((await control.evaluate((element) => element.tagName)) === 'SELECT') await control.selectOption(value)
      else await control.fill(value)
    }
    await page.getByRole('button', { name: 'Salvar' }).click()
    await expect.poll(() => flash(page)).toContain('Cadastro criado.')
  }

  it('signs up, sets up the catalogue, registers a customer and builds a document with two items and two signers', async () => {
    const page = await newPage()
    await page.goto(`${baseUrl}/signup`)
    await page.getByLabel('Nome da empresa').fill(ADMIN.accountName)
    await page.getByLabel('Seu nome').fill(ADMIN.name)
    await page.getByLabel('E-mail').fill(ADMIN.email)
    await page.getByLabel('Senha').fill(PASSWORD)
    await page.getByRole('button', { name: 'Criar conta' }).click()
    await page.waitForURL(`${baseUrl}/dashboard`)
    await page.getByRole('button', { name: 'Sair' }).click()
    await page.waitForURL(/\/login\?logged_out$/)
    await logIn(page, ADMIN.email)

    // The catalogue a document is built from, through the Cadastros screens.
    await register(page, '/registration-data/products/new', { 'field-code': 'IMPL', 'field-name': 'Implantação', 'field-unit': 'un', 'field-price': '1.500,00' })
    await register(page, '/registration-data/products/new', { 'field-code': 'HORA', 'field-name': 'Hora de consultoria', 'field-kind': 'service', 'field-unit': 'h', 'field-price': '123,45' })
    await shoot(page, 'products')
    await register(page, '/registration-data/payment-methods/new', { 'field-name': 'Boleto parcelado', 'field-kind': 'boleto', 'field-max_installments': '6', 'field-first_due_days': '28' })
    await register(page, '/registration-data/signer-roles/new', { 'field-name': 'Contratante' })
    await register(page, '/registration-data/signer-roles/new', { 'field-name': 'Testemunha' })
    await page.goto(`${baseUrl}/registration-data/templates/new`)
    await page.locator('#field-name').fill('Proposta comercial')
    await page.locator('#field-body').fill('<h1>Proposta {{ number }}</h1>\n<p>Para {{ customer.name }}: total {{ totals.total }}.</p>')
    await page.getByRole('button', { name: 'Salvar' }).click()
    await expect.poll(() => page.locator('.flash').count()).toBe(1)
    await shoot(page, 'template-editor')

    // A customer: a wrong check digit first, answered next to the field with the rest kept.
    const cnpj = validCnpj()
    const wrongCnpj = formatCnpj(`${cnpj.slice(0, 13)}${(Number(cnpj[13]) + 1) % 10}`)
    await page.goto(`${baseUrl}/customers`)
    await page.getByRole('link', { name: 'Novo cliente' }).first().click()
    await page.locator('#field-name').fill('Padaria Pão Quente Ltda')
    await page.locator('#field-code').fill('PAD-01')
    await page.locator('#field-document').fill(wrongCnpj)
    await page.locator('#field-email').fill('compras@paoquente.com.br')
    await page.getByRole('button', { name: 'Salvar' }).click()
    await expect.poll(() => page.locator('#field-document-error').textContent()).toContain('CNPJ ou CPF inválido')
    expect(await page.locator('#field-document').getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#field-name').inputValue()).toBe('Padaria Pão Quente Ltda')
    expect(await page.locator('#field-email').inputValue()).toBe('compras@paoquente.com.br')
    await shoot(page, 'customer-bad-cnpj')
    await page.locator('#field-document').fill(formatCnpj(cnpj))
    await page.getByRole('button', { name: 'Salvar' }).click()
    await page.waitForURL(/\/customers\/\d+\/edit$/)
    expect(await flash(page)).toContain('Cliente criado.')
    await page.goto(`${baseUrl}/customers?q=${encodeURIComponent(formatCnpj(cnpj))}`)
    expect(await page.locator('table').textContent()).toContain('Padaria Pão Quente Ltda')
    expect(await page.locator('table').textContent()).toContain(formatCnpj(cnpj))
    await shoot(page, 'customers')

    // The document: two catalogue items (one discounted), two signers, three installments.
    await page.goto(`${baseUrl}/proposals/new`)
    await page.locator('#field-customer').selectOption({ label: `Padaria Pão Quente Ltda — ${formatCnpj(cnpj)}` })
    await page.locator('#field-template_id').selectOption({ label: 'Proposta comercial' })
    await page.locator('#field-payment_method_id').selectOption({ label: 'Boleto parcelado (até 6x)' })
    await page.locator('#field-installments').selectOption('3')
    await page.locator('#field-items-0-product_id').selectOption({ label: 'IMPL · Implantação (R$\u00a01.500,00/un)' })
    await page.locator('#field-items-0-quantity').fill('2')
    await page.locator('#field-items-1-product_id').selectOption({ label: 'HORA · Hora de consultoria (R$\u00a0123,45/h)' })
    await page.locator('#field-items-1-quantity').fill('3')
    await page.locator('#field-items-1-discount').fill('10,00')
    // 2 × 1.500,00 + 3 × 123,45 − 10,00, totalled live in the page before saving.
    await expect.poll(() => page.locator('[data-total="total"]').textContent()).toBe('R$\u00a03.360,35')
    await page.locator('#field-signers-0-name').fill('Maria Souza')
    await page.locator('#field-signers-0-email').fill('maria@paoquente.com.br')
    await page.locator('#field-signers-0-role_id').selectOption({ label: 'Contratante' })
    await page.locator('#field-signers-1-name').fill('João Lima')
    await page.locator('#field-signers-1-email').fill('joao@aurora.test')
    await page.locator('#field-signers-1-role_id').selectOption({ label: 'Testemunha' })
    await shoot(page, 'proposal-new')
    await page.getByRole('button', { name: 'Criar documento' }).click()
    await page.waitForURL(/\/proposals\/\d+\/edit$/)
    expect(await flash(page)).toContain('Documento nº 1 criado.')
    expect(await page.locator('[data-stored-total]').textContent()).toBe('R$\u00a03.360,35')
    expect(await page.locator('#field-items-0-quantity').inputValue()).toBe('2')
    expect(await page.locator('#field-signers-1-name').inputValue()).toBe('João Lima')
    // The method's terms, typed above: the first boleto 28 days after the signature, then monthly (no dates before it).
    const dueTexts = await page.locator('#schedule-heading ~ * tbody tr td:nth-child(2)').allTextContents()
    expect(dueTexts).toEqual(['28 dias após a assinatura', '58 dias após a assinatura', '88 dias após a assinatura'])
    await shoot(page, 'proposal-edit')
    const editUrl = page.url()

    await page.goto(`${baseUrl}/proposals`)
    const row = page.locator('tbody tr', { hasText: 'Padaria Pão Quente Ltda' })
    expect(await row.count()).toBe(1)
    expect(await row.textContent()).toContain('R$\u00a03.360,35')
    expect(await row.textContent()).toContain('Rascunho')
    await shoot(page, 'proposals')
    await row.getByRole('link').first().click()
    await page.waitForURL(editUrl)

    await page.getByRole('link', { name: 'Visualizar documento' }).click()
    await page.waitForURL(/\/proposals\/\d+\/preview$/)
    const frame = page.frameLocator('iframe')
    await expect.poll(() => frame.locator('body').textContent()).toContain('Para Padaria Pão Quente Ltda: total R$\u00a03.360,35.')
    await shoot(page, 'proposal-preview')

    await page.goto(`${baseUrl}/dashboard`)
    expect(await page.locator('main').textContent()).toContain('R$\u00a03.360,35')
    await shoot(page, 'dashboard')
    // The four figures stand in one row, their cards' tops aligned (the first one stood higher).
    const cardTops = await page.locator('main .grid > .card').evaluateAll((cards) => cards.map((card) => Math.round(card.getBoundingClientRect().top)))
    expect(cardTops.length).toBe(4)
    expect(new Set(cardTops).size, `stat card tops ${cardTops.join(', ')}`).toBe(1)
    // Their figures too: no label wraps to a second line and pushes its figure down.
    const valueTops = await page.locator('main .grid .stat-value').evaluateAll((values) => values.map((value) => Math.round(value.getBoundingClientRect().top)))
    expect(new Set(valueTops).size, `stat value tops ${valueTops.join(', ')}`).toBe(1)
    await page.setViewportSize({ width: 390, height: 844 })
    const phoneOverflow = async (screen: string) => {
      await page.goto(`${baseUrl}/${screen}`)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(overflow, `${screen} is wider than a phone`).toBeLessThanOrEqual(0)
    }
    for (const screen of ['dashboard', 'proposals', 'customers']) await phoneOverflow(screen)
    // The document's page as a draft (its form) and, once no longer one, read-only with the wide items table.
    const documentPath = new URL(editUrl).pathname.slice(1)
    await phoneOverflow(documentPath)
    await harness.database.db.updateTable('proposals').set({ status: 'sent' }).where('id', '=', Number(documentPath.split('/')[1])).execute()
    await phoneOverflow(documentPath)
    await shoot(page, 'proposals-phone')
    // On a 1280 px screen the read-only document's tables (items in the main column, schedule and
    // history in the ~300 px side column) fit without a scroll bar of their own.
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.goto(`${baseUrl}/${documentPath}`)
    const scrolling = await page.locator('.table-wrap').evaluateAll((wraps) =>
      wraps.filter((wrap) => wrap.scrollWidth > wrap.clientWidth).map((wrap) => `${wrap.closest('section')?.querySelector('h2')?.textContent}: ${wrap.scrollWidth} > ${wrap.clientWidth}`),
    )
    expect(scrolling).toEqual([])
    await page.context().close()
  }, 120_000)

  it('creates a token, sees its API call in the request log, regenerates it and the old one fails', async () => {
    // Sign-up gives the Básico plan, without API; support moves the account, as the page tells the admin.
    const user = await harness.database.db.selectFrom('users').select('account_id').where('email', '=', ADMIN.email).executeTakeFirstOrThrow()
    await setAccountPlan(harness.database.db, systemClock, user.account_id, 'profissional')

    const page = await newPage()
    await logIn(page, ADMIN.email)
    const navigation = page.getByRole('navigation', { name: 'Navegação principal' })
    await navigation.getByText('Configurações').click()
    await navigation.getByRole('link', { name: 'Integrações' }).click()
    await page.waitForURL(`${baseUrl}/settings/integrations`)
    await page.getByLabel('Nome do token').fill('CRM')
    await page.getByRole('button', { name: 'Criar token' }).click()
    const first = await page.locator('#issued-token').inputValue()
    expect(first).toMatch(/^vdc_/)
    await shoot(page, 'token-created')

    const call = await fetch(`${baseUrl}/api/v1/proposals/1`, { headers: { authorization: `Bearer ${first}` } })
    expect(call.status).toBe(200)
    const requestId = call.headers.get('x-request-id')
    expect(requestId).toBeTruthy()
    await harness.app.requestLog.flush()

    await page.goto(`${baseUrl}/settings/integrations`)
    expect(await page.content()).not.toContain(first)
    await page.getByRole('link', { name: 'Registro de requisições' }).first().click()
    await page.waitForURL(/\/settings\/integrations\/requests/)
    const logRow = page.locator('tbody tr', { hasText: '/api/v1/proposals/1' })
    expect(await logRow.count()).toBe(1)
    await shoot(page, 'request-log')
    await logRow.getByRole('link').first().click()
    await page.waitForURL(/\/settings\/integrations\/requests\/\d+$/)
    expect(await page.locator('main').textContent()).toContain(requestId!)
    // A successful read is logged without the document it returned, and the page says so.
    expect(await page.locator('main').textContent()).toContain('Não guardado: respostas de leituras bem-sucedidas')
    expect(await page.locator('main').textContent()).not.toContain('Padaria Pão Quente Ltda')
    await shoot(page, 'request-detail')
    // The request id a response carried, pasted in the log's search box, opens that call.
    await page.goto(`${baseUrl}/settings/integrations/requests`)
    await page.getByLabel('ID da requisição').fill(requestId!)
    await page.getByRole('button', { name: 'Filtrar' }).click()
    await page.waitForURL(/\/settings\/integrations\/requests\/\d+$/)
    expect(await page.locator('main').textContent()).toContain(requestId!)

    await page.goto(`${baseUrl}/settings/integrations`)
    await page.getByText('Gerar novo segredo').first().click()
    await page.getByRole('button', { name: 'Sim, gerar novo segredo' }).click()
    const second = await page.locator('#issued-token').inputValue()
    expect(second).toMatch(/^vdc_/)
    expect(second).not.toBe(first)
    expect((await fetch(`${baseUrl}/api/v1/usage`, { headers: { authorization: `Bearer ${first}` } })).status).toBe(401)
    expect((await fetch(`${baseUrl}/api/v1/usage`, { headers: { authorization: `Bearer ${second}` } })).status).toBe(200)
    await page.context().close()
  }, 90_000)

  it('keeps a member out of the integrations', async () => {
    const admin = await newPage()
    await logIn(admin, ADMIN.email)
    await admin.goto(`${baseUrl}/registration-data/users/new`)
    await admin.locator('#field-name').fill(MEMBER.name)
    await admin.locator('#field-email').fill(MEMBER.email)
    await admin.locator('#field-role').selectOption('member')
    await admin.locator('#field-password').fill(PASSWORD)
    await admin.getByRole('button', { name: 'Salvar' }).click()
    await expect.poll(() => flash(admin)).toContain('Cadastro criado.')
    await admin.context().close()

    const member = await newPage()
    await logIn(member, MEMBER.email)
    expect(await member.getByRole('navigation', { name: 'Navegação principal' }).textContent()).not.toContain('Integrações')
    const response = await member.goto(`${baseUrl}/settings/integrations`)
    expect(response?.status()).toBe(403)
    expect(await member.getByRole('heading', { level: 1 }).textContent()).toBe('Acesso negado')
    await shoot(member, 'member-forbidden')
    await member.context().close()
    expect(problems).toEqual([])
  }, 60_000)
})
