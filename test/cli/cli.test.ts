// The `vendoc` command, run as a real child process against the same databases the API tests use.
import { discountExceeds } from '../../src/modules/lifecycle/discount-rule.js'
import { recentCommentsFor } from '../../src/modules/reports/recent-comments.js'
import { recentOpens } from '../../src/modules/reports/recent-opens.js'
import { storeSecurityKey } from '../support/security-key-rows.js'
import { describe, expect, it } from 'vitest'
import { totpCode, totpStep } from '../../src/modules/accounts/totp.js'
import { enableTwoFactor, startTwoFactorSetup } from '../../src/modules/accounts/two-factor.js'
import { parseDocument } from '../../src/modules/customers/brazilian-documents.js'
import { isWellFormedToken } from '../../src/modules/integrations/token-format.js'
import { describeEachDialect } from '../support/dialects.js'
import { vendoc } from '../support/vendoc-cli.js'
import { firstRefusal } from '../support/auth-propagation.js'
import { WebAgent } from '../support/web-agent.js'

describeEachDialect('vendoc CLI', (env) => {
  /** The account's activity: [action, target, data] of each entry, every one in support's name and from no address. */
  async function supportActivity(accountId: number) {
    const rows = await env.db.selectFrom('account_activity').select(['action', 'actor_type', 'actor_name', 'ip', 'target_label', 'data_json']).where('account_id', '=', accountId).orderBy('id').execute()
    expect(rows.every((row) => row.actor_type === 'support' && row.actor_name === 'Suporte do Vendoc (CLI)' && row.ip === null)).toBe(true)
    return rows.map((row) => [row.action, row.target_label, JSON.parse(row.data_json)] as [string, string, unknown])
  }

  it('creates an account on the default plan, issues a token that the API accepts, and manages plan and limit', async () => {
    const created = await vendoc(env.databaseUrl, 'accounts', 'create', '--name', 'Acme Ltda', '--json')
    expect(created.code).toBe(0)
    const account = JSON.parse(created.stdout)
    expect(account).toEqual({ id: expect.any(Number), name: 'Acme Ltda', plan: 'profissional' })

    const issued = await vendoc(env.databaseUrl, 'tokens', 'create', '--account', String(account.id), '--name', 'CRM', '--json')
    expect(issued.code).toBe(0)
    const token = JSON.parse(issued.stdout)
    expect(Object.keys(token).sort()).toEqual(['access', 'id', 'name', 'prefix', 'token'])
    expect(token).toMatchObject({ name: 'CRM', access: 'full' })
    expect(isWellFormedToken(token.token)).toBe(true)
    expect(token.token.startsWith(token.prefix)).toBe(true)
    const stored = await env.db.selectFrom('api_tokens').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow()
    expect(stored.token_hash).not.toContain(token.token)
    expect(JSON.stringify(stored)).not.toContain(token.token)

    const call = () => env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: { authorization: `Bearer ${token.token}` } })
    expect((await call()).statusCode).toBe(200)

    expect((await vendoc(env.databaseUrl, 'accounts', 'set-plan', String(account.id), 'basico')).code).toBe(0)
    // The CLI is another process: the running app sees the new plan within about a second.
    expect((await firstRefusal(call)).statusCode).toBe(403)
    expect((await vendoc(env.databaseUrl, 'accounts', 'set-plan', String(account.id), 'empresarial')).code).toBe(0)
    expect((await vendoc(env.databaseUrl, 'accounts', 'set-limit', String(account.id), '500')).code).toBe(0)
    const listed = JSON.parse((await vendoc(env.databaseUrl, 'accounts', 'list', '--json')).stdout)
    const mine = listed.find((row: { id: number }) => row.id === account.id)
    expect(mine).toMatchObject({ plan: 'empresarial', creation_limit_override: 500, api_access: true })
    expect((await vendoc(env.databaseUrl, 'accounts', 'set-limit', String(account.id), 'default')).code).toBe(0)
    const again = JSON.parse((await vendoc(env.databaseUrl, 'accounts', 'list', '--json')).stdout)
    expect(again.find((row: { id: number }) => row.id === account.id).creation_limit_override).toBeNull()
    // Setting the plan it has changes nothing and records nothing.
    expect((await vendoc(env.databaseUrl, 'accounts', 'set-plan', String(account.id), 'empresarial')).code).toBe(0)
    expect(await supportActivity(account.id)).toEqual([
      ['api_token.created', 'CRM', { prefix: token.prefix, access: 'full' }],
      ['account.plan_changed', '', { changes: { plan: { from: 'profissional', to: 'basico' } } }],
      ['account.plan_changed', '', { changes: { plan: { from: 'basico', to: 'empresarial' } } }],
      ['account.creation_limit_changed', '', { changes: { creation_limit: { from: null, to: 500 } } }],
      ['account.creation_limit_changed', '', { changes: { creation_limit: { from: 500, to: null } } }],
    ])
  }, 120_000)

  it('creates users, sellers and admins', async () => {
    const account = JSON.parse((await vendoc(env.databaseUrl, 'accounts', 'create', '--name', 'Beta', '--json')).stdout)
    const result = await vendoc(env.databaseUrl, 'users', 'create', '--account', String(account.id), '--email', 'Ana@Beta.com.br', '--name', 'Ana', '--seller', '--admin', '--json')
    expect(result.code).toBe(0)
    const user = await env.db.selectFrom('users').selectAll().where('email', '=', 'ana@beta.com.br').executeTakeFirstOrThrow()
    expect(user).toMatchObject({ account_id: account.id, name: 'Ana', role: 'admin' })
    expect(Boolean(user.is_seller)).toBe(true)
    const duplicate = await vendoc(env.databaseUrl, 'users', 'create', '--account', String(account.id), '--email', 'ana@beta.com.br', '--name', 'Ana 2')
    expect(duplicate.code).toBe(1)
    expect(duplicate.stderr).toMatch(/ana@beta\.com\.br/)
  }, 120_000)

  it('lists an account\'s users and gives one a new password, ending their sessions', async () => {
    const account = JSON.parse((await vendoc(env.databaseUrl, 'accounts', 'create', '--name', 'Gama', '--json')).stdout)
    expect((await vendoc(env.databaseUrl, 'users', 'create', '--account', String(account.id), '--email', 'rui@gama.com.br', '--name', 'Rui', '--admin', '--password', 'senha-antiga-1')).code).toBe(0)
    const listed = await vendoc(env.databaseUrl, 'users', 'list', '--account', String(account.id))
    expect(listed.code).toBe(0)
    expect(listed.stdout).toMatch(/rui@gama\.com\.br\s+admin\s+no\s+yes/)

    const browser = new WebAgent(env.app)
    expect((await browser.submit('/login', '/login', { email: 'rui@gama.com.br', password: 'senha-antiga-1' })).statusCode).toBe(303)
    const generated = await vendoc(env.databaseUrl, 'users', 'set-password', '--email', 'RUI@gama.com.br', '--json')
    expect(generated.code, generated.stderr).toBe(0)
    const { password } = JSON.parse(generated.stdout) as { password: string }
    expect(password.length).toBeGreaterThanOrEqual(16)
    // The open session is over; the old password no longer signs in, the new one does.
    expect((await browser.get('/dashboard')).statusCode).toBe(303)
    expect((await new WebAgent(env.app).submit('/login', '/login', { email: 'rui@gama.com.br', password: 'senha-antiga-1' })).statusCode).toBe(401)
    expect((await new WebAgent(env.app).submit('/login', '/login', { email: 'rui@gama.com.br', password })).statusCode).toBe(303)

    const chosen = await vendoc(env.databaseUrl, 'users', 'set-password', '--email', 'rui@gama.com.br', '--password', 'escolhida-pelo-suporte')
    expect(chosen.code).toBe(0)
    expect(chosen.stdout).not.toContain('escolhida-pelo-suporte')
    expect((await new WebAgent(env.app).submit('/login', '/login', { email: 'rui@gama.com.br', password: 'escolhida-pelo-suporte' })).statusCode).toBe(303)
    const notices = await env.db.selectFrom('outbox_emails').select('text_body').where('kind', '=', 'security_notice').where('to_address', '=', 'rui@gama.com.br').execute()
    expect(notices.map((notice) => notice.text_body.includes('O suporte do Vendoc definiu uma nova senha'))).toEqual([true, true])
    const unknown = await vendoc(env.databaseUrl, 'users', 'set-password', '--email', 'ninguem@gama.com.br')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/ninguem@gama\.com\.br/)
    expect((await vendoc(env.databaseUrl, 'users', 'set-password', '--email', 'rui@gama.com.br', '--password', 'curta')).code).toBe(2)
    // Support's changes are the account's activity, in support's name; the password only said to have changed.
    expect(await supportActivity(account.id)).toEqual([
      ['user.created', 'Rui <rui@gama.com.br>', { role: 'admin', is_seller: false, is_default_seller: false, invited: false }],
      ...[1, 2].map(() => ['user.updated', 'Rui <rui@gama.com.br>', { changes: { password: { hidden: true } } }]),
    ])
  }, 120_000)

  it('turns off a user’s two-step verification (a lost phone): the password alone signs in again', async () => {
    const account = JSON.parse((await vendoc(env.databaseUrl, 'accounts', 'create', '--name', 'Delta', '--json')).stdout)
    const created = JSON.parse((await vendoc(env.databaseUrl, 'users', 'create', '--account', String(account.id), '--email', 'eva@delta.com.br', '--name', 'Eva', '--password', 'senha-da-eva-1', '--json')).stdout)
    const secret = (await startTwoFactorSetup(env.db, account.id, created.id))!
    expect(await enableTwoFactor(env.db, env.clock, { accountId: account.id, userId: created.id, sessionToken: '' }, { password: 'senha-da-eva-1', code: totpCode(secret, totpStep(env.clock.now())) })).toMatchObject({ ok: true })
    expect((await new WebAgent(env.app).submit('/login', '/login', { email: 'eva@delta.com.br', password: 'senha-da-eva-1' })).headers.location).toBe('/login/two-factor')
    await storeSecurityKey(env.db, { accountId: account.id, userId: created.id }, 'Chave da Eva')

    const reset = await vendoc(env.databaseUrl, 'users', 'reset-two-factor', '--email', 'EVA@delta.com.br')
    expect(reset.code, reset.stderr).toBe(0)
    expect(reset.stdout).toMatch(/Turned off two-step verification for user \d+ Eva <eva@delta\.com\.br>/)
    expect(await env.db.selectFrom('recovery_codes').select('id').where('user_id', '=', created.id).execute()).toEqual([])
    expect(await env.db.selectFrom('security_keys').select('id').where('user_id', '=', created.id).execute()).toEqual([])
    const notice = await env.db.selectFrom('outbox_emails').select('text_body').where('kind', '=', 'security_notice').where('to_address', '=', 'eva@delta.com.br').orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(notice.text_body).toContain('O suporte do Vendoc desativou a verificação em duas etapas')
    expect((await new WebAgent(env.app).submit('/login', '/login', { email: 'eva@delta.com.br', password: 'senha-da-eva-1' })).headers.location).toBe('/dashboard')
    const again = JSON.parse((await vendoc(env.databaseUrl, 'users', 'reset-two-factor', '--email', 'eva@delta.com.br', '--json')).stdout)
    expect(again).toEqual({ id: created.id, email: 'eva@delta.com.br', account_id: account.id, two_factor_was_on: false })
    const unknown = await vendoc(env.databaseUrl, 'users', 'reset-two-factor', '--email', 'ninguem@delta.com.br')
    expect(unknown.code).toBe(1)
    // The second reset found it off: nothing changed, nothing recorded.
    expect((await supportActivity(account.id)).map(([action]) => action)).toEqual(['user.created', 'user.two_factor_reset'])
    expect(unknown.stderr).toMatch(/ninguem@delta\.com\.br/)
  }, 120_000)

  it('signs a user out everywhere (a lost laptop), keeping the password', async () => {
    const account = JSON.parse((await vendoc(env.databaseUrl, 'accounts', 'create', '--name', 'Épsilon', '--json')).stdout)
    const created = JSON.parse((await vendoc(env.databaseUrl, 'users', 'create', '--account', String(account.id), '--email', 'ivo@epsilon.com.br', '--name', 'Ivo', '--password', 'senha-do-ivo-1', '--json')).stdout)
    const browsers = [new WebAgent(env.app), new WebAgent(env.app)]
    for (const browser of browsers) expect((await browser.submit('/login', '/login', { email: 'ivo@epsilon.com.br', password: 'senha-do-ivo-1' })).headers.location).toBe('/dashboard')

    const ended = await vendoc(env.databaseUrl, 'users', 'end-sessions', '--email', 'IVO@epsilon.com.br')
    expect(ended.code, ended.stderr).toBe(0)
    expect(ended.stdout).toBe(`Ended 2 sessions of user ${created.id} Ivo <ivo@epsilon.com.br>; their password is unchanged.\n`)
    for (const browser of browsers) expect((await browser.get('/dashboard')).headers.location).toMatch(/^\/login/)
    expect((await new WebAgent(env.app).submit('/login', '/login', { email: 'ivo@epsilon.com.br', password: 'senha-do-ivo-1' })).headers.location).toBe('/dashboard')
    const again = JSON.parse((await vendoc(env.databaseUrl, 'users', 'end-sessions', '--email', 'ivo@epsilon.com.br', '--json')).stdout)
    expect(again).toEqual({ id: created.id, email: 'ivo@epsilon.com.br', account_id: account.id, sessions_ended: 1 })
    const unknown = await vendoc(env.databaseUrl, 'users', 'end-sessions', '--email', 'ninguem@epsilon.com.br')
    expect(unknown.code).toBe(1)
    expect((await supportActivity(account.id)).map(([action, , data]) => [action, data])).toEqual([
      ['user.created', { role: 'member', is_seller: false, is_default_seller: false, invited: false }],
      ['user.sessions_ended', { count: 2 }],
      ['user.sessions_ended', { count: 1 }],
    ])
  }, 120_000)

  it('refuses bad arguments with usage and a non-zero exit, writing nothing', async () => {
    const before = await env.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    const cases: Array<[string[], number, RegExp]> = [
      [['frobnicate'], 2, /Usage: vendoc/],
      [['accounts', 'create'], 2, /--name/],
      [['accounts', 'create', '--name', 'X', '--plan', 'gold'], 2, /gold/],
      [['accounts', 'set-plan', '999999', 'basico'], 1, /999999/],
      [['accounts', 'set-limit', '1', '-5'], 2, /limit|N/i],
      [['tokens', 'create'], 2, /--account/],
      [['tokens', 'create', '--account', 'abc'], 2, /account/i],
      [['tokens', 'create', '--account', '999999'], 1, /999999/],
      [['users', 'create', '--account', '1', '--email', 'not-an-email', '--name', 'X'], 2, /e-?mail/i],
    ]
    for (const [args, code, message] of cases) {
      const result = await vendoc(env.databaseUrl, ...args)
      expect(result.code, args.join(' ')).toBe(code)
      expect(result.stderr, args.join(' ')).toMatch(message)
      expect(result.stderr, args.join(' ')).not.toMatch(/\n\s+at /)
    }
    const after = await env.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  }, 120_000)

  it('seeds a realistic demo account idempotently, with a new token each time', async () => {
    const first = await vendoc(env.databaseUrl, 'demo', '--json')
    expect(first.code).toBe(0)
    const demo = JSON.parse(first.stdout)
    expect(Object.keys(demo).sort()).toEqual(['account_id', 'admin_email', 'admin_password', 'api_token'])
    const count = async (table: 'customers' | 'products' | 'payment_methods' | 'templates' | 'signer_roles' | 'proposals' | 'proposal_items') =>
      Number((await env.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', demo.account_id).executeTakeFirstOrThrow()).n)
    const counts = async () => ({
      customers: await count('customers'),
      products: await count('products'),
      payment_methods: await count('payment_methods'),
      templates: await count('templates'),
      signer_roles: await count('signer_roles'),
      proposals: await count('proposals'),
      items: await count('proposal_items'),
    })
    const seeded = await counts()
    expect(seeded.customers).toBeGreaterThanOrEqual(18)
    expect(seeded.products).toBeGreaterThanOrEqual(10)
    expect(seeded.payment_methods).toBeGreaterThanOrEqual(4)
    expect(seeded.templates).toBe(3)
    expect(seeded.signer_roles).toBeGreaterThanOrEqual(5)
    expect(seeded.proposals).toBeGreaterThanOrEqual(45)

    const customers = await env.db.selectFrom('customers').select(['document', 'document_type']).where('account_id', '=', demo.account_id).execute()
    for (const customer of customers) expect(parseDocument(customer.document!)?.type, customer.document!).toBe(customer.document_type)
    expect(customers.some((customer) => customer.document_type === 'cnpj' && /[A-Z]/.test(customer.document!))).toBe(true)
    expect(customers.some((customer) => customer.document_type === 'cpf')).toBe(true)
    const statuses = await env.db.selectFrom('proposals').select('status').distinct().where('account_id', '=', demo.account_id).execute()
    expect(statuses.length).toBeGreaterThanOrEqual(4)
    const sellers = await env.db.selectFrom('users').select('id').where('account_id', '=', demo.account_id).where('is_seller', '=', true).execute()
    expect(sellers.length).toBe(3)
    // The demo asks approval above 15 %, which none of its documents' discounts reaches (its lines take up to 10 % off).
    const account = await env.db.selectFrom('accounts').select('discount_approval_above_bp').where('id', '=', demo.account_id).executeTakeFirstOrThrow()
    expect(account.discount_approval_above_bp).toBe(1500)
    const discounts = await env.db.selectFrom('proposals').select(['subtotal_cents', 'discount_cents']).where('account_id', '=', demo.account_id).execute()
    expect(discounts.some((row) => row.discount_cents > 0)).toBe(true)
    for (const row of discounts) expect(discountExceeds(row, 1500), JSON.stringify(row)).toBe(false)

    const second = JSON.parse((await vendoc(env.databaseUrl, 'demo', '--json')).stdout)
    expect(second.account_id).toBe(demo.account_id)
    expect(second.api_token).not.toBe(demo.api_token)
    expect(await counts()).toEqual(seeded)

    // Both tokens work: the demo answers the seed's calls.
    for (const token of [demo.api_token, second.api_token]) {
      const response = await env.app.inject({ method: 'GET', url: '/api/v1/customers/CLI-0001/proposals', headers: { authorization: `Bearer ${token}` } })
      expect(response.statusCode).toBe(200)
      expect(response.json().customer.code).toBe('CLI-0001')
    }
    // Configurações → Atividade is not empty in the demo: the logo once, each run's token (its catalogue is data, as the documents are).
    expect((await supportActivity(demo.account_id)).map(([action, target]) => [action, target])).toEqual([
      ['account.logo_updated', ''],
      ['api_token.created', 'Demonstração (vendoc demo)'],
      ['api_token.created', 'Demonstração (vendoc demo)'],
    ])
  }, 120_000)

  // Runs after the seeding test (the tests of a file run in order); `vendoc demo` again only issues a token.
  it('leaves the demo documents as the lifecycle does: a link for every signer, later signers waiting their turn, frozen and signed PDFs', async () => {
    const seeded = await vendoc(env.databaseUrl, 'demo', '--json')
    expect(seeded.code, seeded.stderr).toBe(0)
    const demo = JSON.parse(seeded.stdout)
    const auth = { authorization: `Bearer ${demo.api_token}` }
    const documents = await env.db.selectFrom('proposals').select(['id', 'number', 'status', 'signature_type', 'sent_at', 'original_sha256', 'signed_sha256'])
      .where('account_id', '=', demo.account_id).orderBy('id').execute()
    // Read before this test opens signing pages (a first open queues the seller's notice).
    const emails = await env.db.selectFrom('outbox_emails').select(['kind', 'state']).where('account_id', '=', demo.account_id).execute()
    const pendingJobs = await env.db.selectFrom('jobs').select('kind').where('account_id', '=', demo.account_id).where('state', '=', 'pending').execute()
    // Some signers came back to documents still waiting: the Painel lists their latest visits, some counting three
    // (read before this test opens signing pages, each a visit).
    const visits = await recentOpens(env.db, env.clock, demo.account_id)
    expect(visits.shown.length).toBeGreaterThan(0)
    expect(visits.shown.some((visit) => visit.openCount === 3)).toBe(true)
    for (const visit of visits.shown) {
      expect(['sent', 'viewed']).toContain(documents.find((doc) => doc.id === visit.id)!.status)
      expect(visit.lastOpenedAt <= new Date().toISOString()).toBe(true)
    }
    const detailOf = async (id: number) => {
      const response = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${id}`, headers: auth })
      expect(response.statusCode, response.body).toBe(200)
      return response.json() as { number: number; signers: Array<{ signing_order: number; status: string; url_to_sign: string | null }> }
    }

    // Open digital documents: the first of the signing order was invited and their link opens the
    // signing page; every later signer has a link too, but is pending (invited when their turn comes).
    const open = documents.filter((doc) => doc.signature_type === 'digital' && (doc.status === 'sent' || doc.status === 'viewed'))
    expect(open.length).toBeGreaterThan(0)
    const waiting: Array<{ proposalId: number; order: number }> = []
    for (const doc of open) {
      const tokens = await env.db.selectFrom('proposal_signers').select('sign_token').where('proposal_id', '=', doc.id).execute()
      expect(tokens.every((row) => row.sign_token !== null), `document ${doc.number}`).toBe(true)
      const [first, ...later] = (await detailOf(doc.id)).signers
      expect(['sent', 'viewed'], `document ${doc.number}`).toContain(first!.status)
      expect(first!.url_to_sign, `document ${doc.number}`).toMatch(/\/sign\/[A-Za-z0-9_-]{43}$/)
      const page = await env.app.inject({ method: 'GET', url: new URL(first!.url_to_sign!).pathname })
      expect(page.statusCode, `document ${doc.number}`).toBe(200)
      expect(page.body).toContain(`Assinatura do documento nº ${doc.number}`)
      for (const signer of later) {
        expect(signer.signing_order).toBeGreaterThan(first!.signing_order)
        expect(signer).toMatchObject({ status: 'pending', url_to_sign: null })
        waiting.push({ proposalId: doc.id, order: signer.signing_order })
      }
    }
    // The plan always holds an open document with a second signer (checked over two years of seed dates).
    expect(waiting.length).toBeGreaterThan(0)

    // Whatever was sent has its PDF and HTML frozen, with the PDF's SHA-256.
    const sent = documents.filter((doc) => doc.sent_at !== null)
    expect(sent.length).toBeGreaterThan(10)
    for (const doc of sent) {
      expect(doc.original_sha256, `document ${doc.number}`).toMatch(/^[0-9a-f]{64}$/)
      const kinds = await env.db.selectFrom('proposal_files').select('kind').where('proposal_id', '=', doc.id).execute()
      expect(kinds.map((row) => row.kind), `document ${doc.number}`).toEqual(expect.arrayContaining(['original', 'html']))
    }

    // Service contracts, and they alone, carry the company's general conditions ("Anexos"): one file, the same bytes in each.
    const attachments = await env.db.selectFrom('proposal_files').select(['proposal_id', 'file_name', 'sha256']).where('account_id', '=', demo.account_id).where('kind', '=', 'attachment').execute()
    const contracts = await env.db.selectFrom('proposals').innerJoin('templates', 'templates.id', 'proposals.template_id').select('proposals.id')
      .where('proposals.account_id', '=', demo.account_id).where('templates.name', '=', 'Contrato de prestação de serviços').execute()
    expect(contracts.length).toBeGreaterThan(0)
    expect(attachments.map((row) => row.proposal_id).sort((a, b) => a - b)).toEqual(contracts.map((row) => row.id).sort((a, b) => a - b))
    expect([...new Set(attachments.map((row) => `${row.file_name} ${row.sha256}`))]).toHaveLength(1)
    expect(attachments[0]!.file_name).toBe('Condições gerais de fornecimento.pdf')
    expect(sent.some((doc) => attachments.some((row) => row.proposal_id === doc.id))).toBe(true)

    // Some sent documents carry a comment of their seller's, written after the sending, none in the future; a draft has none.
    const comments = await env.db.selectFrom('proposal_events').select(['proposal_id', 'actor_type', 'created_at', 'data_json']).where('account_id', '=', demo.account_id).where('type', '=', 'comment_added').execute()
    expect(comments.length).toBeGreaterThan(0)
    for (const comment of comments) {
      const doc = documents.find((candidate) => candidate.id === comment.proposal_id)!
      expect(doc.sent_at, `document ${doc.number}`).not.toBeNull()
      expect(comment.created_at > doc.sent_at!, `document ${doc.number}`).toBe(true)
      expect(comment.created_at <= new Date().toISOString()).toBe(true)
      expect(comment.actor_type).toBe('user')
      expect(JSON.parse(comment.data_json).text).toMatch(/\S/)
    }
    // Those that ask the admin something name her: she is e-mailed (and her Painel lists the recent ones).
    const asking = comments.filter((comment) => JSON.parse(comment.data_json).notified !== undefined)
    expect(asking.length).toBeGreaterThan(0)
    for (const comment of asking) expect(JSON.parse(comment.data_json).notified).toEqual([{ user_id: expect.any(Number), name: 'Fernanda Ribeiro', email: demo.admin_email }])
    const notices = await env.db.selectFrom('outbox_emails').select(['proposal_id', 'to_address']).where('account_id', '=', demo.account_id).where('kind', '=', 'comment').execute()
    expect(notices.filter((email) => email.to_address === demo.admin_email).map((email) => email.proposal_id).sort()).toEqual(asking.map((comment) => comment.proposal_id).sort())
    // A fresh demo's newest asking comment is days old: the admin's Painel lists it.
    const admin = await env.db.selectFrom('users').select('id').where('email', '=', demo.admin_email).executeTakeFirstOrThrow()
    const painel = await recentCommentsFor(env.db, env.clock, demo.account_id, { id: admin.id })
    expect(painel.shown.length).toBeGreaterThan(0)
    expect(painel.shown.every((comment) => comment.reason === 'named')).toBe(true)

    // Signed digital documents serve their signed PDF (built by the finalize job's work).
    const signedDigital = documents.filter((doc) => doc.status === 'signed' && doc.signature_type === 'digital')
    expect(signedDigital.length).toBeGreaterThan(0)
    for (const doc of signedDigital) {
      const pdf = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${doc.id}/pdf?version=signed`, headers: auth })
      expect(pdf.statusCode, `document ${doc.number}: ${pdf.body.slice(0, 200)}`).toBe(200)
      expect(pdf.headers['content-type']).toBe('application/pdf')
      expect(pdf.headers['x-document-sha256']).toBe(doc.signed_sha256)
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
    }

    // The demo's made-up people are never e-mailed: its messages are kept in the app, none queued.
    expect(emails.filter((email) => email.kind === 'invitation').length).toBeGreaterThan(0)
    expect(new Set(emails.map((email) => email.state))).toEqual(new Set(['stored']))
    expect(pendingJobs).toEqual([])

    // A waiting signer's turn comes when the first one signs through their link.
    const { proposalId } = waiting[0]!
    const first = (await detailOf(proposalId)).signers[0]!
    const row = await env.db.selectFrom('proposal_signers').select(['name', 'cpf']).where('sign_token', '=', new URL(first.url_to_sign!).pathname.slice('/sign/'.length)).executeTakeFirstOrThrow()
    const agent = new WebAgent(env.app)
    const signPath = new URL(first.url_to_sign!).pathname
    const signed = await agent.submit(signPath, signPath, { name: row.name, cpf: row.cpf ?? '', consent: '1', signature_kind: 'typed', signature_text: row.name })
    expect(signed.statusCode, signed.body).toBe(200)
    const [, second] = (await detailOf(proposalId)).signers
    expect(second!.status).toBe('sent')
    expect(second!.url_to_sign).toMatch(/\/sign\//)
  }, 120_000)
})

describe('vendoc help', () => {
  it('prints the usage with every command', async () => {
    const result = await vendoc('sqlite::memory:', '--help')
    expect(result.code).toBe(0)
    for (const command of ['migrate', 'demo', 'accounts create', 'accounts list', 'accounts set-plan', 'accounts set-limit', 'tokens create', 'users create', 'users list', 'users set-password', 'users reset-two-factor', 'users end-sessions', 'requests list', 'requests show']) {
      expect(result.stdout).toContain(command)
    }
  }, 120_000)
})
