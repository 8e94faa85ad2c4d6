// Configurações → Integrações through app.inject on both databases: tokens (create / regenerate /
// revoke, secret shown once), the monthly usage meter, plans without API access, the request log
// list with its filters and the detail page, admin-only access and CSRF.
import type { LightMyRequestResponse } from 'fastify'
import { describe, expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { makeCustomer, makeProposal, type TestAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import { csrfTokenIn, type WebAgent } from '../support/web-agent.js'
import { signedInUser } from '../support/web-login.js'
import { lastUsedBecomes } from '../support/token-use.js'

const clock = new ManualClock('2026-11-15T15:00:00.000Z')
const TOKEN_IN_PAGE = /vdc_[0-9A-Za-z]{49}/g
const stripCsrf = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, '')

/** The full secret shown in the read-only input of a create/regenerate answer. */
function issuedSecret(response: LightMyRequestResponse): string {
  const match = /id="issued-token"[^>]*value="(vdc_[0-9A-Za-z]{49})"/.exec(response.body) ?? /value="(vdc_[0-9A-Za-z]{49})"[^>]*id="issued-token"/.exec(response.body)
  if (!match) throw new Error(`no issued token in the page: ${response.body.slice(0, 200)}`)
  return match[1]!
}

describeEachDialect(
  'Configurações → Integrações pages',
  (env) => {
    async function tokenRows(accountId: number) {
      return env.db.selectFrom('api_tokens').selectAll().where('account_id', '=', accountId).orderBy('id').execute()
    }

    async function usage(auth: { authorization: string }) {
      return env.app.inject({ method: 'GET', url: '/api/v1/usage', headers: auth })
    }

    async function createToken(agent: WebAgent, name: string) {
      return agent.submit('/settings/integrations', '/settings/integrations/tokens', { name })
    }

    /** The log entries of the account, newest first, after writing what is queued. */
    async function loggedRows(accountId: number) {
      await env.app.requestLog.flush()
      return env.db.selectFrom('request_logs').selectAll().where('account_id', '=', accountId).orderBy('id', 'desc').execute()
    }

    describe('tokens', () => {
      it('lists the tokens with their prefixes, never a secret nor a hash, with the docs and log links', async () => {
        const { agent, account } = await signedInUser(env)
        const page = await agent.get('/settings/integrations')
        expect(page.statusCode).toBe(200)
        const [row] = await tokenRows(account.id)
        expect(page.body).toContain('CRM')
        expect(page.body).toContain(`${row!.prefix}…`)
        expect(page.body).toContain('Nunca usado')
        expect(page.body).toContain('Ativo')
        expect(page.body).not.toContain(account.token.token)
        expect(page.body).not.toContain(row!.token_hash)
        expect(page.body.match(TOKEN_IN_PAGE)).toBeNull()
        expect(page.body).toContain('href="/api-docs/index.html"')
        expect(page.body).toContain('href="/settings/integrations/requests"')

        // Once used, the last use is shown as a date and time in the account's zone.
        expect((await usage(account.auth)).statusCode).toBe(200)
        await lastUsedBecomes(env, row!.id, clock.now().toISOString())
        const after = await agent.get('/settings/integrations')
        expect(after.body).not.toContain('Nunca usado')
        expect(after.body).toContain('15/11/2026, 12:00')
      })

      it('shows a created secret once, in a copyable read-only input, and the token works on the API', async () => {
        const { agent, account } = await signedInUser(env)
        const created = await createToken(agent, 'ERP <interno>')
        expect(created.statusCode).toBe(200)
        const secret = issuedSecret(created)
        expect(created.body).toContain('não será mostrado de novo')
        expect(created.body).toContain('data-copy-target="issued-token"')
        expect(created.body).toMatch(/<script src="\/assets\/copy-button\.js[^"]*"/)
        expect(created.body).toMatch(/id="issued-token"[^>]*readonly|readonly[^>]*id="issued-token"/)
        expect(created.body).toContain('ERP &lt;interno>')
        expect(created.headers['set-cookie'] ?? '').not.toContain(secret)
        expect(created.headers.location).toBeUndefined()
        expect(created.headers['cache-control']).toBe('no-store')

        const rows = await tokenRows(account.id)
        expect(rows.map((row) => row.name)).toEqual(['CRM', 'ERP <interno>'])
        expect(secret.startsWith(rows[1]!.prefix)).toBe(true)

        const next = await agent.get('/settings/integrations')
        expect(next.body).not.toContain(secret)
        expect(next.body).toContain(`${rows[1]!.prefix}…`)
        expect(next.body.match(TOKEN_IN_PAGE)).toBeNull()

        const response = await usage({ authorization: `Bearer ${secret}` })
        expect(response.statusCode, response.body).toBe(200)
        expect(response.json()).toMatchObject({ period: '2026-11' })
      })

      it('re-renders the create form with 422 when the name is missing or too long, creating nothing', async () => {
        const { agent, account } = await signedInUser(env)
        const empty = await createToken(agent, '   ')
        expect(empty.statusCode).toBe(422)
        expect(empty.body).toContain('Corrija os campos destacados.')
        expect(empty.body).toContain('Preencha este campo.')
        const long = await createToken(agent, 'x'.repeat(101))
        expect(long.statusCode).toBe(422)
        expect(long.body).toContain('x'.repeat(101))
        expect(long.body).toContain('no máximo 100 caracteres')
        expect(await tokenRows(account.id)).toHaveLength(1)
      })

      it('regenerates: a new secret is shown once and the old one answers 401 on the API', async () => {
        const { agent, account } = await signedInUser(env)
        const [before] = await tokenRows(account.id)
        const regenerated = await agent.submit('/settings/integrations', `/settings/integrations/tokens/${before!.id}/regenerate`, {})
        expect(regenerated.statusCode).toBe(200)
        const secret = issuedSecret(regenerated)
        expect(secret).not.toBe(account.token.token)
        expect(regenerated.body).toContain('O anterior já não funciona')

        const [after] = await tokenRows(account.id)
        expect(after!.id).toBe(before!.id)
        expect(after!.prefix).not.toBe(before!.prefix)
        expect((await usage(account.auth)).statusCode).toBe(401)
        expect((await usage({ authorization: `Bearer ${secret}` })).statusCode).toBe(200)
        expect((await agent.get('/settings/integrations')).body).not.toContain(secret)
      })

      it('after a regeneration, names the token on calls with either secret, shows seconds, and counts last use afresh', async () => {
        const { agent, account } = await signedInUser(env)
        const [before] = await tokenRows(account.id)
        await usage(account.auth)
        await lastUsedBecomes(env, before!.id, clock.now().toISOString())
        const regenerated = await agent.submit('/settings/integrations', `/settings/integrations/tokens/${before!.id}/regenerate`, {})
        const secret = issuedSecret(regenerated)
        const [after] = await tokenRows(account.id)
        // The new secret has not been used: what "Último uso" showed was the old one's.
        expect(after!.last_used_at).toBeNull()
        expect((await agent.get('/settings/integrations')).body).toContain('Nunca usado')
        await usage({ authorization: `Bearer ${secret}` })
        await loggedRows(account.id)
        const list = await agent.get('/settings/integrations/requests?path=%2Fapi%2Fv1%2Fusage')
        for (const prefix of [before!.prefix, after!.prefix]) expect(list.body).toContain(`${account.token.name} <code>${prefix}…</code>`)
        expect(list.body).toMatch(/class="request-time">\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}:\d{2}</)
        const [newest] = await loggedRows(account.id)
        const detail = await agent.get(`/settings/integrations/requests/${newest!.id}`)
        expect(detail.body).toContain(`${account.token.name} <code>${after!.prefix}…</code>`)
      })

      it('revokes with a confirmation step and a flash; a revoked token cannot be regenerated', async () => {
        const { agent, account } = await signedInUser(env)
        const [token] = await tokenRows(account.id)
        const page = await agent.get('/settings/integrations')
        expect(page.body).toMatch(/<details class="confirm">\s*<summary[^>]*>Revogar<\/summary>/)
        const revoked = await agent.submit('/settings/integrations', `/settings/integrations/tokens/${token!.id}/revoke`, {})
        expect(revoked.statusCode).toBe(303)
        expect(revoked.headers.location).toBe('/settings/integrations')
        const [row] = await tokenRows(account.id)
        expect(row!.revoked_at).not.toBeNull()
        expect((await usage(account.auth)).statusCode).toBe(401)

        const after = await agent.get('/settings/integrations')
        expect(after.body).toContain('Token &quot;CRM&quot; revogado.')
        expect(after.body).toContain('Revogado')
        expect(after.body).not.toContain(`/settings/integrations/tokens/${token!.id}/revoke`)

        const again = await agent.submit('/settings/integrations', `/settings/integrations/tokens/${token!.id}/regenerate`, {})
        expect(again.statusCode).toBe(303)
        expect((await agent.get('/settings/integrations')).body).toContain('Crie um novo token')
      })

      it("answers 404 for another account's token or a missing one, changing nothing", async () => {
        const { agent } = await signedInUser(env)
        const other = await signedInUser(env)
        const [foreign] = await tokenRows(other.account.id)
        const missing = await agent.submit('/settings/integrations', '/settings/integrations/tokens/99999999/revoke', {})
        for (const action of ['revoke', 'regenerate']) {
          const response = await agent.submit('/settings/integrations', `/settings/integrations/tokens/${foreign!.id}/${action}`, {})
          expect(response.statusCode).toBe(404)
          expect(stripCsrf(response.body)).toBe(stripCsrf(missing.body))
        }
        const [still] = await tokenRows(other.account.id)
        expect(still).toEqual(foreign)
        expect((await usage(other.account.auth)).statusCode).toBe(200)
      })

      it('refuses a POST without the CSRF token', async () => {
        const { agent, account } = await signedInUser(env)
        const [token] = await tokenRows(account.id)
        expect((await agent.post('/settings/integrations/tokens', { name: 'Sem CSRF' })).statusCode).toBe(403)
        expect((await agent.post(`/settings/integrations/tokens/${token!.id}/revoke`, {})).statusCode).toBe(403)
        expect((await agent.post(`/settings/integrations/tokens/${token!.id}/regenerate`, { _csrf: 'wrong' })).statusCode).toBe(403)
        expect(await tokenRows(account.id)).toEqual([token])
      })
    })

    describe('access', () => {
      it('answers 403 to a member on every route, GET and POST, and changes nothing', async () => {
        const admin = await signedInUser(env)
        const { agent } = await signedInUser(env, { role: 'member', account: admin.account })
        await makeProposal(env, admin.account, await makeCustomer(env, admin.account))
        const [entry] = await loggedRows(admin.account.id)
        const [token] = await tokenRows(admin.account.id)
        for (const url of ['/settings/integrations', '/settings/integrations/requests', `/settings/integrations/requests/${entry!.id}`]) {
          const response = await agent.get(url)
          expect(response.statusCode, url).toBe(403)
          expect(response.body).toContain('Acesso negado')
        }
        const csrf = csrfTokenIn((await agent.get('/dashboard')).body)
        for (const url of ['/settings/integrations/tokens', `/settings/integrations/tokens/${token!.id}/regenerate`, `/settings/integrations/tokens/${token!.id}/revoke`]) {
          const response = await agent.post(url, { _csrf: csrf, name: 'Intruso' })
          expect(response.statusCode, url).toBe(403)
        }
        expect(await tokenRows(admin.account.id)).toEqual([token])
        expect((await usage(admin.account.auth)).statusCode).toBe(200)
      })

      it('sends a visitor to the login page', async () => {
        const response = await env.app.inject({ method: 'GET', url: '/settings/integrations/requests' })
        expect(response.statusCode).toBe(303)
        expect(response.headers.location).toBe('/login?next=%2Fsettings%2Fintegrations%2Frequests')
      })
    })

    describe('plans without API access', () => {
      it('shows what to do instead of the token controls and refuses to issue tokens', async () => {
        const { agent, account } = await signedInUser(env, { planCode: 'basico' })
        const [token] = await tokenRows(account.id)
        const page = await agent.get('/settings/integrations')
        expect(page.statusCode).toBe(200)
        expect(page.body).toContain('Seu plano não inclui a API')
        expect(page.body).toContain('O plano Básico não inclui acesso à API')
        expect(page.body).toContain(`vendoc accounts set-plan ${account.id} profissional`)
        expect(page.body).not.toContain('action="/settings/integrations/tokens"')
        expect(page.body).not.toContain('/regenerate')
        expect(page.body).not.toContain('<meter')
        const created = await createToken(agent, 'Tentativa')
        expect(created.statusCode).toBe(403)
        expect(created.body).toContain('Plano sem acesso à API')
        expect(created.body.match(TOKEN_IN_PAGE)).toBeNull()
        const regenerated = await agent.submit('/settings/integrations', `/settings/integrations/tokens/${token!.id}/regenerate`, {})
        expect(regenerated.statusCode).toBe(403)
        expect(await tokenRows(account.id)).toEqual([token])
        // The API tells the same story.
        const api = await usage(account.auth)
        expect(api.statusCode).toBe(403)
        expect(api.json()).toMatchObject({ code: 'plan_without_api' })
      })
    })

    describe('usage', () => {
      it('shows the creations of the month against the limit, when it resets and how to raise it', async () => {
        const { agent, account } = await signedInUser(env)
        const before = await agent.get('/settings/integrations')
        const limit = account.account.monthly_creation_limit
        expect(before.body).toContain(`0 de ${limit} documentos criados pela API em novembro de 2026`)
        const customer = await makeCustomer(env, account)
        await makeProposal(env, account, customer)
        await makeProposal(env, account, customer)
        const after = await agent.get('/settings/integrations')
        expect(after.body).toContain(`2 de ${limit} documentos criados pela API em novembro de 2026`)
        expect(after.body).toMatch(new RegExp(`<meter[^>]*max="${limit}"[^>]*value="2"|<meter[^>]*value="2"[^>]*max="${limit}"`))
        // Next month starts at midnight in São Paulo (03:00 UTC).
        expect(after.body).toContain('O contador volta a zero em 01/12/2026, 00:00.')
        expect(after.body).toContain(`vendoc accounts set-limit ${account.id} &lt;N>`)
        expect(after.body).toContain('Plano Profissional.')
      })
    })

    describe('request log', () => {
      async function apiCalls(account: TestAccount) {
        const customer = await makeCustomer(env, account)
        const proposal = await makeProposal(env, account, customer, { notes: 'Entrega <script>alert(1)</script> em 10 dias' })
        const missing = await env.app.inject({ method: 'GET', url: '/api/v1/proposals/99999999', headers: account.auth })
        expect(missing.statusCode).toBe(404)
        const read = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${proposal.id}`, headers: account.auth })
        expect(read.statusCode).toBe(200)
        const listed = await env.app.inject({ method: 'GET', url: '/api/v1/request-logs?per_page=5', headers: account.auth })
        expect(listed.statusCode).toBe(200)
        return { proposal, missing }
      }

      it('lists the API calls with their columns and opens one with its pretty-printed, escaped body', async () => {
        const { agent, account } = await signedInUser(env)
        await apiCalls(account)
        const rows = await loggedRows(account.id)
        const creation = rows.find((row) => row.method === 'POST')!
        const [token] = await tokenRows(account.id)

        // The creation's client hung up before its answer (test/api-v1/client-hang-up.test.ts makes such an entry for real).
        await env.db.updateTable('request_logs').set({ client_closed: true }).where('account_id', '=', account.id).where('id', '=', creation.id).execute()

        const list = await agent.get('/settings/integrations/requests')
        expect(list.statusCode).toBe(200)
        expect(list.body.match(/>não entregue</g)).toHaveLength(1)
        expect(list.body).toContain('<span class="badge ok">201</span> <span class="badge" title="O cliente fechou a conexão antes de o servidor terminar a resposta')
        expect(list.body).toContain('<code>/api/v1/proposals</code>')
        expect(list.body).toContain('<code>/api/v1/proposals/99999999</code>')
        expect(list.body).toContain('<span class="badge ok">201</span>')
        expect(list.body).toContain('<span class="badge warn">404</span>')
        expect(list.body).toContain(`<code>${token!.prefix}…</code>`)
        expect(list.body).toContain('<code>proposal_not_found</code>')
        expect(list.body).toContain(`href="/settings/integrations/requests/${creation.id}"`)
        expect(list.body).toContain(`${rows.length} registros`)

        const detail = await agent.get(`/settings/integrations/requests/${creation.id}`)
        expect(detail.statusCode).toBe(200)
        expect(detail.body).toContain(creation.request_id)
        expect(detail.body).toContain('<span class="badge ok">201</span>')
        expect(detail.body).toContain('O cliente fechou a conexão antes de o servidor terminar esta resposta')
        expect(detail.body).toContain(`<code>${token!.prefix}…</code>`)
        // Pretty-printed: two-space indentation of the stored JSON, and escaped.
        expect(detail.body).toContain(`{\n  &quot;template_id&quot;: ${account.template.id},`)
        expect(detail.body).toContain('Entrega &lt;script>alert(1)&lt;/script> em 10 dias')
        expect(detail.body).not.toContain('<script>alert(1)</script>')
        expect(detail.body).toContain('content-type')
        expect(detail.body).not.toContain(account.token.token)
        expect(detail.body.toLowerCase()).not.toContain('<code>authorization</code>')

        const missingEntry = rows.find((row) => row.status === 404)!
        const missingDetail = await agent.get(`/settings/integrations/requests/${missingEntry.id}`)
        expect(missingDetail.body).toContain('<code>proposal_not_found</code>')
        expect(missingDetail.body).toContain('<span class="badge warn">404</span>')
        const listEntry = rows.find((row) => row.path === '/api/v1/request-logs')!
        const listDetail = await agent.get(`/settings/integrations/requests/${listEntry.id}`)
        expect(listDetail.body).toContain('<code>?per_page=5</code>')
        expect(listDetail.body).toContain('Não guardado (a leitura do próprio registro')
        const readEntry = rows.find((row) => row.method === 'GET' && row.status === 200 && row.path.startsWith('/api/v1/proposals/'))!
        const readDetail = await agent.get(`/settings/integrations/requests/${readEntry.id}`)
        expect(readDetail.body).toContain('Não guardado: respostas de leituras bem-sucedidas')
        // An error's answer is stored and shown, with no "not stored" note.
        expect(missingDetail.body).not.toContain('Não guardado')
        expect(missingDetail.body).not.toContain('O cliente fechou a conexão')
        expect(missingDetail.body).toContain('&quot;code&quot;: &quot;proposal_not_found&quot;')
      })

      it('narrows the list with the filters', async () => {
        const { agent, account } = await signedInUser(env)
        const second = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: {} })
        expect(second.statusCode).toBe(422)
        await apiCalls(account)
        const rows = await loggedRows(account.id)
        const [token] = await tokenRows(account.id)
        const count = async (query: string) => {
          const response = await agent.get(`/settings/integrations/requests?${query}`)
          expect(response.statusCode, response.body).toBe(200)
          return (response.body.match(/href="\/settings\/integrations\/requests\/\d+"/g) ?? []).length
        }
        const posts = rows.filter((row) => row.method === 'POST').length
        expect(await count('')).toBe(rows.length)
        expect(await count('status=2xx')).toBe(rows.filter((row) => row.status < 300).length)
        expect(await count('status=4xx')).toBe(rows.filter((row) => row.status >= 400 && row.status < 500).length)
        expect(await count('method=POST')).toBe(posts)
        expect(await count('method=post&status=4xx')).toBe(1)
        expect(await count(`path=${encodeURIComponent('/api/v1/proposals/')}`)).toBe(2)
        expect(await count(`token=${token!.id}`)).toBe(rows.length)
        expect(await count('from=2026-11-15&to=2026-11-15')).toBe(rows.length)
        expect(await count('to=2026-11-14')).toBe(0)
        expect(await count('from=2026-11-16')).toBe(0)
        expect(await count('from=2026-11-15&to=9999-12-31')).toBe(rows.length)
        // Exact status and error code, alone, together and with the older filters.
        expect(rows.filter((row) => row.status === 422)).toHaveLength(1)
        expect(await count('status_code=404')).toBe(rows.filter((row) => row.status === 404).length)
        expect(await count('status_code=422')).toBe(1)
        expect(await count('status_code=500')).toBe(0)
        expect(await count('error_code=validation_failed')).toBe(1)
        expect(await count('error_code=proposal_not_found')).toBe(rows.filter((row) => row.error_code === 'proposal_not_found').length)
        expect(await count('error_code=proposal_not_found')).toBeGreaterThan(0)
        expect(await count('error_code=VALIDATION_FAILED')).toBe(1)
        expect(await count('error_code=validation_failed&status_code=422&status=4xx&method=POST')).toBe(1)
        expect(await count('error_code=validation_failed&status_code=404')).toBe(0)
        expect(await count(`status_code=201&method=POST&token=${token!.id}`)).toBe(rows.filter((row) => row.status === 201).length)
        const exact = await agent.get('/settings/integrations/requests?status_code=422&error_code=validation_failed')
        expect(exact.body).toContain('name="status_code" type="text" value="422"')
        expect(exact.body).toContain('<option value="validation_failed" selected>validation_failed (422)</option>')
        const empty = await agent.get('/settings/integrations/requests?method=DELETE')
        expect(empty.body).toContain('Nenhuma requisição com estes filtros.')
        expect(empty.body).toContain('Limpar filtros')
      })

      it('shows an error next to an invalid filter and no list, never a 500', async () => {
        const { agent, account } = await signedInUser(env)
        const other = await signedInUser(env)
        const [foreignToken] = await tokenRows(other.account.id)
        await apiCalls(account)
        await loggedRows(account.id)
        const cases: Array<[string, string]> = [
          ['status=9xx', 'Escolha uma das faixas de status da lista.'],
          ['method=BREW', 'Escolha um dos métodos da lista.'],
          ['from=garbage', 'Informe uma data válida'],
          ['to=2026-02-30', 'Informe uma data válida'],
          ['from=2026-11-15&to=2026-11-01', 'A data final não pode ser anterior à inicial.'],
          [`token=${foreignToken!.id}`, 'Escolha um dos tokens da lista.'],
          ['token=abc', 'Escolha um dos tokens da lista.'],
          [`path=${'a'.repeat(201)}`, 'no máximo 200 caracteres'],
          ['request_id=90211', 'Informe um ID de requisição como req_'],
          ['request_id=req_a%20b', 'Informe um ID de requisição como req_'],
          [`request_id=req_${'a'.repeat(61)}`, 'Informe um ID de requisição como req_'],
          ['status_code=99', 'Informe um status HTTP de 100 a 599.'],
          ['status_code=600', 'Informe um status HTTP de 100 a 599.'],
          ['status_code=4xx', 'Informe um status HTTP de 100 a 599.'],
          ['status_code=0404', 'Informe um status HTTP de 100 a 599.'],
          ['error_code=not_a_documented_code', 'Escolha um dos códigos de erro da lista.'],
          ['error_code=%3Cscript%3E', 'Escolha um dos códigos de erro da lista.'],
        ]
        for (const [query, message] of cases) {
          const response = await agent.get(`/settings/integrations/requests?${query}`)
          expect(response.statusCode, query).toBe(422)
          expect(response.body, query).toContain(message)
          expect(response.body, query).toContain('Corrija os filtros destacados')
          expect(response.body, query).toContain('aria-invalid="true"')
          expect(response.body, query).not.toMatch(/href="\/settings\/integrations\/requests\/\d+"/)
        }
        // The typed value is kept in the form.
        expect((await agent.get('/settings/integrations/requests?from=garbage')).body).toContain('value="garbage"')
        // U+0000, which PostgreSQL's text cannot hold, in any query string of the app: the bad-request page.
        for (const url of ['/settings/integrations/requests?path=%2Fapi%00', '/customers?q=a%00', '/proposals?q=%00', '/dashboard?unknown=%00']) {
          const response = await agent.get(url)
          expect(response.statusCode, url).toBe(400)
          expect(response.body, url).toContain('Requisição inválida')
        }
      })

      it('goes straight to the entry of a request id pasted in the search box, only when it is the one match, and never to another account’s', async () => {
        const { agent, account } = await signedInUser(env)
        const other = await signedInUser(env)
        const { missing } = await apiCalls(account)
        const theirs = await usage(other.account.auth)
        const rows = await loggedRows(account.id)
        const [theirRow] = await loggedRows(other.account.id)
        const requestId = String(missing.headers['x-request-id'])
        // The id as the API's error body gives it.
        expect(missing.json().request_id).toBe(requestId)
        const entry = rows.find((row) => row.request_id === requestId)!
        const search = (query: string) => agent.get(`/settings/integrations/requests?${query}`)

        // As the form sends it: every field, the others empty.
        const submitted = `request_id=${requestId}&status=&status_code=&error_code=&method=&path=&from=&to=&token=`
        for (const query of [submitted, `request_id=${requestId}`, `request_id=%20${requestId}%20`, `request_id=${requestId}&status_code=404&error_code=proposal_not_found&status=4xx&method=GET`]) {
          const response = await search(query)
          expect(response.statusCode, query).toBe(303)
          expect(response.headers.location, query).toBe(`/settings/integrations/requests/${entry.id}`)
        }
        const detail = await agent.get(`/settings/integrations/requests/${entry.id}`)
        expect(detail.statusCode).toBe(200)
        expect(detail.body).toContain(requestId)

        // No match: the list, empty, with the id kept in the box.
        for (const query of [`request_id=${requestId}&status_code=200`, `request_id=${requestId}&method=POST`, 'request_id=req_doesNotExist0000']) {
          const response = await search(query)
          expect(response.statusCode, query).toBe(200)
          expect(response.body, query).toContain('Nenhuma requisição com estes filtros.')
          expect(response.body, query).toMatch(/name="request_id" type="search" value="req_/)
        }
        // Another account's id finds nothing, exactly like an id nobody has.
        const foreign = await search(`request_id=${theirRow!.request_id}`)
        expect(theirRow!.request_id).toBe(String(theirs.headers['x-request-id']))
        expect(foreign.statusCode).toBe(200)
        expect(foreign.body).toContain('Nenhuma requisição com estes filtros.')
        expect(foreign.body).not.toContain(`/settings/integrations/requests/${theirRow!.id}"`)
        expect(foreign.headers.location).toBeUndefined()

        // The box in the form, labelled, with its hint.
        const page = await agent.get('/settings/integrations/requests')
        expect(page.body).toContain('<label for="field-request_id">ID da requisição</label>')
        expect(page.body).toContain('O X-Request-Id da resposta')
      })

      it('paginates 50 per page keeping the filters', async () => {
        const { agent, account } = await signedInUser(env)
        for (let i = 0; i < 26; i++) {
          await env.app.inject({ method: 'GET', url: `/api/v1/usage`, headers: account.auth })
          await env.app.inject({ method: 'GET', url: `/api/v1/nothing-${i}`, headers: account.auth })
        }
        const rows = await loggedRows(account.id)
        expect(rows).toHaveLength(52)
        const first = await agent.get('/settings/integrations/requests')
        expect((first.body.match(/href="\/settings\/integrations\/requests\/\d+"/g) ?? []).length).toBe(50)
        expect(first.body).toContain('Página 1 de 2')
        expect(first.body).toContain('href="/settings/integrations/requests?page=2"')
        const second = await agent.get('/settings/integrations/requests?page=2')
        expect((second.body.match(/href="\/settings\/integrations\/requests\/\d+"/g) ?? []).length).toBe(2)
        const filtered = await agent.get('/settings/integrations/requests?method=GET&path=%2Fapi%2Fv1%2Fusage')
        expect(filtered.body).toContain('26 registros')
        // The exact status and error code are kept across pages too.
        await env.app.requestLog.flush()
        const { id: _id, client_closed: _closed, ...unknownPath } = rows.find((row) => row.error_code === 'route_not_found')!
        await env.db.insertInto('request_logs').values(Array.from({ length: 26 }, () => ({ ...unknownPath, client_closed: false }))).execute()
        const byCode = await agent.get('/settings/integrations/requests?status_code=404&error_code=route_not_found')
        expect(byCode.body).toContain('Página 1 de 2')
        expect(byCode.body).toContain('href="/settings/integrations/requests?status_code=404&amp;error_code=route_not_found&amp;page=2"')
        const byCodePage2 = await agent.get('/settings/integrations/requests?status_code=404&error_code=route_not_found&page=2')
        expect((byCodePage2.body.match(/href="\/settings\/integrations\/requests\/\d+"/g) ?? []).length).toBe(2)
      })

      it("answers the same 404 for another account's entry and a missing one", async () => {
        const { agent } = await signedInUser(env)
        const other = await signedInUser(env)
        await usage(other.account.auth)
        const [foreign] = await loggedRows(other.account.id)
        const missing = await agent.get('/settings/integrations/requests/99999999')
        expect(missing.statusCode).toBe(404)
        const response = await agent.get(`/settings/integrations/requests/${foreign!.id}`)
        expect(response.statusCode).toBe(404)
        expect(stripCsrf(response.body)).toBe(stripCsrf(missing.body))
        expect(response.body).not.toContain(foreign!.request_id)
        expect((await agent.get('/settings/integrations/requests/abc')).statusCode).toBe(404)
      })
    })
  },
  { clock },
)
