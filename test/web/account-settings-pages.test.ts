// Configurações → Conta (the company name and time zone, admins) and Minha conta (a user's own
// password) through app.inject on both databases.
import { describe, expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { ManualClock } from '../support/manual-clock.js'
import { WebAgent, csrfTokenIn } from '../support/web-agent.js'
import { WEB_PASSWORD, signedInUser } from '../support/web-login.js'

const clock = new ManualClock('2026-11-15T15:00:00.000Z')

describeEachDialect(
  'Conta and Minha conta pages',
  (env) => {
    async function accountRow(accountId: number) {
      return env.db.selectFrom('accounts').select(['name', 'time_zone']).where('id', '=', accountId).executeTakeFirstOrThrow()
    }

    describe('Configurações → Conta', () => {
      it('lets an admin rename the account and move it to another of Brazil\'s time zones, which the API follows at once', async () => {
        const { agent, account } = await signedInUser(env)
        const page = await agent.get('/settings/account')
        expect(page.statusCode).toBe(200)
        expect(page.body).toContain(`value="${(await accountRow(account.id)).name}"`)
        expect(page.body).toContain('<option value="America/Sao_Paulo" selected>')
        // The API's month in the account's zone: midnight of December 1st in São Paulo.
        const before = await env.app.inject({ method: 'GET', url: '/api/v1/usage', headers: account.auth })
        expect(before.json().resets_at).toBe('2026-12-01T03:00:00.000Z')

        const saved = await agent.submit('/settings/account', '/settings/account', { name: '  Comercial Norte Ltda  ', time_zone: 'America/Manaus' })
        expect(saved.statusCode, saved.body).toBe(303)
        expect(saved.headers.location).toBe('/settings/account')
        expect(await accountRow(account.id)).toEqual({ name: 'Comercial Norte Ltda', time_zone: 'America/Manaus' })
        const after = await agent.get('/settings/account')
        expect(after.body).toContain('Configurações da conta salvas.')
        expect(after.body).toContain('<option value="America/Manaus" selected>')
        // The page header shows the new name; the API's cached token forgot the old zone.
        expect((await agent.get('/dashboard')).body).toContain('Comercial Norte Ltda')
        const moved = await env.app.inject({ method: 'GET', url: '/api/v1/usage', headers: account.auth })
        expect(moved.json().resets_at).toBe('2026-12-01T04:00:00.000Z')
      })

      it('names the field at fault and changes nothing: a blank name, a zone outside the list', async () => {
        const { agent, account } = await signedInUser(env)
        const before = await accountRow(account.id)
        const refused = await agent.submit('/settings/account', '/settings/account', { name: '   ', time_zone: 'Europe/Paris' })
        expect(refused.statusCode).toBe(422)
        expect(refused.body).toContain('Preencha este campo.')
        expect(refused.body).toContain('Escolha um fuso horário da lista.')
        expect(refused.body).toMatch(/id="field-name"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="field-name"/)
        const tooLong = await agent.submit('/settings/account', '/settings/account', { name: 'x'.repeat(121), time_zone: 'America/Sao_Paulo' })
        expect(tooLong.statusCode).toBe(422)
        expect(tooLong.body).toContain('Texto longo demais.')
        expect(await accountRow(account.id)).toEqual(before)
      })

      it("keeps the company's CNPJ, address and contacts for its documents, normalised, and names each bad one", async () => {
        const { agent, account } = await signedInUser(env)
        const refused = await agent.submit('/settings/account', '/settings/account', {
          name: 'Comercial Sul', time_zone: 'America/Sao_Paulo', document: '11.222.333/0001-00', phone: 'ligue já', email: 'contato@', address: 'x'.repeat(301),
        })
        expect(refused.statusCode).toBe(422)
        for (const message of ['os dígitos verificadores não conferem', 'Informe um telefone com DDD', 'Informe um e-mail válido', 'Texto longo demais.']) expect(refused.body).toContain(message)
        expect(await env.db.selectFrom('accounts').select(['document', 'phone']).where('id', '=', account.id).executeTakeFirstOrThrow()).toEqual({ document: null, phone: null })

        const saved = await agent.submit('/settings/account', '/settings/account', {
          name: 'Comercial Sul', time_zone: 'America/Sao_Paulo', document: '11.222.333/0001-81', phone: ' (51) 3333-4444 ', email: 'Contato@ComercialSul.com.br', address: 'Rua dos Andradas, 1000, Porto Alegre/RS',
        })
        expect(saved.statusCode, saved.body).toBe(303)
        const row = await env.db.selectFrom('accounts').select(['document', 'address', 'phone', 'email']).where('id', '=', account.id).executeTakeFirstOrThrow()
        expect(row).toEqual({ document: '11222333000181', address: 'Rua dos Andradas, 1000, Porto Alegre/RS', phone: '(51) 3333-4444', email: 'contato@comercialsul.com.br' })
        // Shown back punctuated; cleared by an empty field.
        expect((await agent.get('/settings/account')).body).toContain('value="11.222.333/0001-81"')
        await agent.submit('/settings/account', '/settings/account', { name: 'Comercial Sul', time_zone: 'America/Sao_Paulo', document: '', phone: '', email: '', address: '' })
        expect(await env.db.selectFrom('accounts').select(['document', 'address', 'phone', 'email']).where('id', '=', account.id).executeTakeFirstOrThrow()).toEqual({ document: null, address: null, phone: null, email: null })
      })

      it('keeps a zone support set outside the list when the form is saved unchanged', async () => {
        const { agent, account } = await signedInUser(env)
        await env.db.updateTable('accounts').set({ time_zone: 'Europe/Lisbon' }).where('id', '=', account.id).execute()
        const page = await agent.get('/settings/account')
        expect(page.body).toContain('<option value="Europe/Lisbon" selected>')
        const saved = await agent.submit('/settings/account', '/settings/account', { name: 'Filial Lisboa', time_zone: 'Europe/Lisbon' })
        expect(saved.statusCode).toBe(303)
        expect(await accountRow(account.id)).toEqual({ name: 'Filial Lisboa', time_zone: 'Europe/Lisbon' })
      })

      it('turns the automatic reminders on at a listed interval and off again; any other interval is refused and changes nothing', async () => {
        const { agent, account } = await signedInUser(env)
        const reminderDays = async () => (await env.db.selectFrom('accounts').select('auto_reminder_days').where('id', '=', account.id).executeTakeFirstOrThrow()).auto_reminder_days
        const form = { name: 'Comercial Leste', time_zone: 'America/Sao_Paulo' }
        const off = (await agent.get('/settings/account')).body
        expect(off).toContain('<option value>Desligado</option>')
        expect(off).not.toMatch(/<option value="\d" selected>A cada/)
        expect((await agent.submit('/settings/account', '/settings/account', { ...form, auto_reminder_days: '3' })).statusCode).toBe(303)
        expect(await reminderDays()).toBe(3)
        // Turned on now: only signers invited from now on are reminded; another interval keeps that instant.
        const since = async () => String((await env.db.selectFrom('accounts').select('auto_reminders_since').where('id', '=', account.id).executeTakeFirstOrThrow()).auto_reminders_since)
        expect(Date.parse(await since())).toBe(clock.now().getTime())
        clock.advance(60_000)
        await agent.submit('/settings/account', '/settings/account', { ...form, auto_reminder_days: '5' })
        expect(Date.parse(await since())).toBe(clock.now().getTime() - 60_000)
        await agent.submit('/settings/account', '/settings/account', { ...form, auto_reminder_days: '3' })
        expect((await agent.get('/settings/account')).body).toContain('<option value="3" selected>A cada 3 dias</option>')
        for (const bad of ['4', '0', '-2', 'x', '3.5']) {
          const refused = await agent.submit('/settings/account', '/settings/account', { ...form, name: 'Outro nome', auto_reminder_days: bad })
          expect(refused.statusCode, bad).toBe(422)
          expect(refused.body, bad).toContain('Escolha um intervalo da lista.')
          expect(await reminderDays(), bad).toBe(3)
        }
        expect(await accountRow(account.id)).toMatchObject({ name: 'Comercial Leste' })
        expect((await agent.submit('/settings/account', '/settings/account', { ...form, auto_reminder_days: '' })).statusCode).toBe(303)
        expect(await reminderDays()).toBeNull()
        expect(await since()).toBe('null')
      })

      it('answers 403 to a member, who does not see it in the menu', async () => {
        const admin = await signedInUser(env)
        const member = await signedInUser(env, { account: admin.account, role: 'member' })
        expect((await member.agent.get('/settings/account')).statusCode).toBe(403)
        expect((await member.agent.get('/dashboard')).body).not.toContain('href="/settings/account"')
        expect((await admin.agent.get('/dashboard')).body).toContain('href="/settings/account"')
      })
    })

    describe('Minha conta: the password', () => {
      async function loginWith(email: string, password: string) {
        return new WebAgent(env.app).submit('/login', '/login', { email, password })
      }

      it('changes the password after the current one, keeps this session and ends the others', async () => {
        const { agent, user } = await signedInUser(env, { role: 'member' })
        const elsewhere = new WebAgent(env.app)
        expect((await elsewhere.submit('/login', '/login', { email: user.email, password: WEB_PASSWORD })).statusCode).toBe(303)
        expect((await agent.get('/dashboard')).body).toContain('href="/account/password"')

        const changed = await agent.submit('/account/password', '/account/password', { current_password: WEB_PASSWORD, new_password: 'outra-senha-forte', confirmation: 'outra-senha-forte' })
        expect(changed.statusCode, changed.body).toBe(303)
        expect(changed.headers.location).toBe('/dashboard')
        expect((await agent.get('/dashboard')).body).toContain('Senha alterada.')
        expect((await elsewhere.get('/dashboard')).statusCode).toBe(303) // sent to the login page
        expect((await loginWith(user.email, WEB_PASSWORD)).statusCode).toBe(401)
        expect((await loginWith(user.email, 'outra-senha-forte')).statusCode).toBe(303)
      })

      it('names each field at fault, never echoes a password, and changes nothing', async () => {
        const { agent, user } = await signedInUser(env)
        const hash = async () => (await env.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow()).password_hash
        const before = await hash()
        const cases: Array<[Record<string, string>, string[]]> = [
          [{ current_password: 'errada', new_password: 'outra-senha-forte', confirmation: 'outra-senha-forte' }, ['A senha atual não confere.']],
          [{ current_password: WEB_PASSWORD, new_password: 'curta', confirmation: 'curta' }, ['A senha precisa ter pelo menos 8 caracteres.']],
          [{ current_password: WEB_PASSWORD, new_password: 'outra-senha-forte', confirmation: 'outra-senha-fortE' }, ['As duas senhas não são iguais.']],
          [{ current_password: WEB_PASSWORD, new_password: WEB_PASSWORD, confirmation: WEB_PASSWORD }, ['A nova senha deve ser diferente da atual.']],
          [{ current_password: '', new_password: '', confirmation: '' }, ['Preencha este campo.']],
        ]
        for (const [fields, messages] of cases) {
          const refused = await agent.submit('/account/password', '/account/password', fields)
          expect(refused.statusCode, JSON.stringify(fields)).toBe(422)
          for (const message of messages) expect(refused.body).toContain(message)
          for (const value of Object.values(fields).filter(Boolean)) expect(refused.body).not.toContain(`value="${value}"`)
        }
        expect(await hash()).toBe(before)
      })

      it('stops guessing the current password after 10 wrong ones, even with the right one', async () => {
        const { agent } = await signedInUser(env)
        const csrf = csrfTokenIn((await agent.get('/account/password')).body)
        const wrong = { _csrf: csrf, current_password: 'errada', new_password: 'outra-senha-forte', confirmation: 'outra-senha-forte' }
        // Sent at once, as a script would: the count is taken before each check.
        const answers = await Promise.all(Array.from({ length: 12 }, () => agent.post('/account/password', wrong)))
        expect(answers.filter((answer) => answer.statusCode === 429)).toHaveLength(2)
        const right = await agent.post('/account/password', { ...wrong, current_password: WEB_PASSWORD })
        expect(right.statusCode).toBe(429)
        expect(Number(right.headers['retry-after'])).toBeGreaterThan(0)
      })
    })
  },
  { clock },
)
