// Minha conta → Sessões, on both databases: a user sees every browser they are signed in on (this
// one first and marked; the device named from its User-Agent, the login's address, when it
// signed in and was last used), ends one of the others (that browser is signed out at once) or
// all of them but this one. Only the user's own live sessions are listed or ended: another
// user's, another account's, this browser's own or a made-up handle is a 404 that ends nothing.
// The User-Agent is kept without control characters and cut to 512 characters, and shown escaped.
import { expect, it } from 'vitest'
import { formatDateTime } from '../../src/http/web/format.js'
import { createUser } from '../../src/modules/accounts/users.js'
import { SESSION_IDLE_MS } from '../../src/modules/accounts/web-sessions.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, uniqueSuffix, type TestAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import { csrfTokenIn, WebAgent } from '../support/web-agent.js'
import { WEB_PASSWORD } from '../support/web-login.js'

const clock = new ManualClock('2026-12-06T12:00:00.000Z')
const PAGE = '/account/password'
const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1'
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'

interface Row {
  cells: string[]
  /** The "Encerrar" form's action, when the row has one. */
  endAction: string | null
}

/** The rows of the Sessões table, as text cells (tags stripped) and the end form's action. */
function sessionRows(html: string): Row[] {
  const card = /<h2 id="sessoes">[\s\S]*?<\/section>/.exec(html)
  if (!card) throw new Error('the page has no Sessões card')
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(card[0])![1]!
  return body.split('<tr>').slice(1).map((row) => ({
    cells: [...row.matchAll(/<td(?: title="[^"]*")?>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').trim()),
    endAction: /action="(\/account\/sessions\/[^"]+\/end)"/.exec(row)?.[1] ?? null,
  }))
}

async function newUser(env: TestApp, account?: TestAccount) {
  const owner = account ?? (await makeAccount(env))
  const suffix = uniqueSuffix()
  const user = await createUser(env.db, env.clock, { accountId: owner.id, name: `Usuária ${suffix}`, email: `sessoes.${suffix}@vendoc.test`, role: 'member', password: WEB_PASSWORD })
  return { account: owner, id: user.id, email: `sessoes.${suffix}@vendoc.test` }
}

/** A browser (its User-Agent, from its address) signed in as `email` through the login form. */
async function signInFrom(env: TestApp, email: string, userAgent: string, address: string): Promise<WebAgent> {
  const agent = new WebAgent(env.app, address, userAgent)
  const login = await agent.submit('/login', '/login', { email, password: WEB_PASSWORD })
  expect(login.statusCode, login.body).toBe(303)
  expect(login.headers.location).toBe('/dashboard')
  return agent
}

async function signedIn(agent: WebAgent): Promise<boolean> {
  const page = await agent.get('/dashboard')
  if (page.statusCode === 200) return true
  expect(page.statusCode).toBe(303)
  expect(page.headers.location).toMatch(/^\/login/)
  return false
}

async function sessionTable(env: TestApp) {
  return env.db.selectFrom('web_sessions').selectAll().orderBy('id').execute()
}

describeEachDialect('Minha conta → Sessões', (env) => {
  it('lists the browsers the user is signed in on: this one first and marked, each named from its User-Agent, with the address and times', async () => {
    const user = await newUser(env)
    const chromeAt = clock.now().toISOString()
    const chrome = await signInFrom(env, user.email, CHROME_WINDOWS, '203.0.113.10')
    clock.advance(60 * 60 * 1000)
    const iphoneAt = clock.now().toISOString()
    await signInFrom(env, user.email, SAFARI_IPHONE, '198.51.100.7')
    clock.advance(5 * 60 * 1000)
    // A colleague's session is theirs alone.
    const colleague = await newUser(env, user.account)
    await signInFrom(env, colleague.email, FIREFOX_LINUX, '192.0.2.99')

    const page = await chrome.get(PAGE)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<h2 id="sessoes">Sessões</h2>')
    const { time_zone: zone } = await env.db.selectFrom('accounts').select('time_zone').where('id', '=', user.account.id).executeTakeFirstOrThrow()
    const rows = sessionRows(page.body)
    expect(rows.map((row) => row.cells)).toEqual([
      // This page's GET used the session more than a minute after login: its last use moved.
      ['Chrome 131 no Windows', '203.0.113.10', formatDateTime(chromeAt, zone), formatDateTime(clock.now().toISOString(), zone), 'Esta sessão'],
      ['Safari 17 no iPhone', '198.51.100.7', formatDateTime(iphoneAt, zone), formatDateTime(iphoneAt, zone), 'Encerrar'],
    ])
    expect(rows[0]!.endAction).toBeNull()
    expect(rows[1]!.endAction).toMatch(/^\/account\/sessions\/[0-9a-f]{32}\/end$/)
    expect(page.body).toContain(`aria-label="Encerrar a sessão de Safari 17 no iPhone, ativa em ${formatDateTime(iphoneAt, zone)}"`)
    expect(page.body).toContain('action="/account/sessions/end-others"')
    expect(page.body).not.toContain('192.0.2.99')
    // The handle is not the row's id (the digest standing for the cookie) nor any part of it.
    for (const row of await sessionTable(env)) expect(page.body).not.toContain(row.id.slice(0, 16))
  })

  it('ends another session: that browser is signed out at once, this one stays', async () => {
    const user = await newUser(env)
    const chrome = await signInFrom(env, user.email, CHROME_WINDOWS, '203.0.113.10')
    const iphone = await signInFrom(env, user.email, SAFARI_IPHONE, '198.51.100.7')
    const page = await chrome.get(PAGE)
    const iphoneRow = sessionRows(page.body).find((row) => row.cells[0] === 'Safari 17 no iPhone')!

    const ended = await chrome.post(iphoneRow.endAction!, { _csrf: csrfTokenIn(page.body) })
    expect(ended.statusCode).toBe(303)
    expect(ended.headers.location).toBe('/account/password#sessoes')
    // The flash is on the next page this browser opens.
    const after = await chrome.get(PAGE)
    expect(after.body).toContain('Sessão encerrada.')
    expect(await signedIn(iphone)).toBe(false)
    expect(await signedIn(chrome)).toBe(true)
    expect(sessionRows(after.body).map((row) => row.cells[0])).toEqual(['Chrome 131 no Windows'])
    expect(after.body).toContain('Nenhuma outra sessão aberta.')
    expect(after.body).not.toContain('action="/account/sessions/end-others"')
    // The same form again: that session is gone, like one that never was.
    expect((await chrome.post(iphoneRow.endAction!, { _csrf: csrfTokenIn(after.body) })).statusCode).toBe(404)
  })

  it('answers 404 and ends nothing for a handle that is not one of the user’s other sessions', async () => {
    const user = await newUser(env)
    const chrome = await signInFrom(env, user.email, CHROME_WINDOWS, '203.0.113.10')
    await signInFrom(env, user.email, SAFARI_IPHONE, '198.51.100.7')
    const colleague = await newUser(env, user.account)
    const colleagueAgent = await signInFrom(env, colleague.email, FIREFOX_LINUX, '192.0.2.20')
    await signInFrom(env, colleague.email, SAFARI_IPHONE, '192.0.2.21')
    const stranger = await newUser(env)
    const strangerAgent = await signInFrom(env, stranger.email, FIREFOX_LINUX, '192.0.2.30')
    await signInFrom(env, stranger.email, SAFARI_IPHONE, '192.0.2.31')

    const own = await chrome.get(PAGE)
    const ownHandle = /\/account\/sessions\/([0-9a-f]{32})\/end/.exec(own.body)![1]!
    const colleagueHandle = /\/account\/sessions\/([0-9a-f]{32})\/end/.exec((await colleagueAgent.get(PAGE)).body)![1]!
    const strangerHandle = /\/account\/sessions\/([0-9a-f]{32})\/end/.exec((await strangerAgent.get(PAGE)).body)![1]!
    // This browser's own handle is not on the page (it has no "Encerrar"): computed from its cookie's row.
    const before = await sessionTable(env)
    const csrf = csrfTokenIn(own.body)
    const refused = [colleagueHandle, strangerHandle, ownHandle.toUpperCase(), ownHandle.slice(0, 31), `${ownHandle}0`, 'x'.repeat(32), '..', '%00']
    for (const handle of refused) {
      const answer = await chrome.post(`/account/sessions/${handle}/end`, { _csrf: csrf })
      expect(answer.statusCode, handle).toBe(404)
      expect(answer.body).toContain('Página não encontrada')
    }
    expect(await sessionTable(env)).toEqual(before)
    expect(await signedIn(colleagueAgent)).toBe(true)
    expect(await signedIn(strangerAgent)).toBe(true)
  })

  it('does not end this browser’s own session by its handle ("Sair" does that)', async () => {
    const user = await newUser(env)
    const chrome = await signInFrom(env, user.email, CHROME_WINDOWS, '203.0.113.10')
    const iphone = await signInFrom(env, user.email, SAFARI_IPHONE, '198.51.100.7')
    // The iPhone's page offers to end the Chrome session: that handle is Chrome's own.
    const chromeHandle = /\/account\/sessions\/([0-9a-f]{32})\/end/.exec((await iphone.get(PAGE)).body)![1]!
    const page = await chrome.get(PAGE)
    const answer = await chrome.post(`/account/sessions/${chromeHandle}/end`, { _csrf: csrfTokenIn(page.body) })
    expect(answer.statusCode).toBe(404)
    expect(await signedIn(chrome)).toBe(true)
    expect(await signedIn(iphone)).toBe(true)
  })

  it('ends every other session and keeps this one; with none left, says so', async () => {
    const user = await newUser(env)
    const chrome = await signInFrom(env, user.email, CHROME_WINDOWS, '203.0.113.10')
    const others = [await signInFrom(env, user.email, SAFARI_IPHONE, '198.51.100.7'), await signInFrom(env, user.email, FIREFOX_LINUX, '198.51.100.8')]
    const colleague = await newUser(env, user.account)
    const colleagueAgent = await signInFrom(env, colleague.email, FIREFOX_LINUX, '192.0.2.20')

    const ended = await chrome.submit(PAGE, '/account/sessions/end-others', {})
    expect(ended.statusCode).toBe(303)
    expect(ended.headers.location).toBe('/account/password#sessoes')
    const after = await chrome.get(PAGE)
    expect(after.body).toContain('2 sessões encerradas.')
    for (const agent of others) expect(await signedIn(agent)).toBe(false)
    expect(await signedIn(chrome)).toBe(true)
    expect(await signedIn(colleagueAgent)).toBe(true)
    expect(sessionRows(after.body)).toHaveLength(1)

    const again = await chrome.post('/account/sessions/end-others', { _csrf: csrfTokenIn(after.body) })
    expect(again.statusCode).toBe(303)
    expect((await chrome.get(PAGE)).body).toContain('Não havia outras sessões abertas.')
  })

  it('refuses both forms without the page’s CSRF token and ends nothing', async () => {
    const user = await newUser(env)
    const chrome = await signInFrom(env, user.email, CHROME_WINDOWS, '203.0.113.10')
    const iphone = await signInFrom(env, user.email, SAFARI_IPHONE, '198.51.100.7')
    const action = sessionRows((await chrome.get(PAGE)).body)[1]!.endAction!
    const before = await sessionTable(env)
    expect((await chrome.post(action, {})).statusCode).toBe(403)
    expect((await chrome.post('/account/sessions/end-others', { _csrf: 'not-the-token' })).statusCode).toBe(403)
    expect(await sessionTable(env)).toEqual(before)
    expect(await signedIn(iphone)).toBe(true)
  })

  it('lists live sessions only: one idle past its limit is gone from the list', async () => {
    const user = await newUser(env)
    const chrome = await signInFrom(env, user.email, CHROME_WINDOWS, '203.0.113.10')
    await signInFrom(env, user.email, SAFARI_IPHONE, '198.51.100.7')
    clock.advance(SESSION_IDLE_MS - 60 * 60 * 1000)
    expect(await signedIn(chrome)).toBe(true)
    clock.advance(2 * 60 * 60 * 1000)
    const rows = sessionRows((await chrome.get(PAGE)).body)
    expect(rows.map((row) => row.cells[0])).toEqual(['Chrome 131 no Windows'])
  })

  it('keeps the User-Agent without control characters, cut to 512 characters, and shows what it cannot name escaped and cut short', async () => {
    const user = await newUser(env)
    const payload = `"><script>window.__xss=1</script>\tRobô ${'x'.repeat(700)}`
    const odd = await signInFrom(env, user.email, payload, '203.0.113.50')
    const row = await env.db.selectFrom('web_sessions').select(['user_agent', 'ip_address']).where('user_id', '=', user.id).executeTakeFirstOrThrow()
    expect(row.ip_address).toBe('203.0.113.50')
    expect(row.user_agent).toHaveLength(512)
    expect(row.user_agent!.startsWith('"><script>window.__xss=1</script>Robô xxx')).toBe(true)

    const page = await odd.get(PAGE)
    expect(page.body).not.toContain('<script>window.__xss')
    const shown = sessionRows(page.body)[0]!.cells[0]!
    // Its first 80 characters, as text: the markup's characters escaped.
    expect(shown).toBe(`${row.user_agent!.slice(0, 80).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;')}…`)
    expect(shown.startsWith('&quot;>&lt;script>window.__xss=1&lt;/script>Robô xx')).toBe(true)
  })

  it('shows a session from before devices were recorded as an unknown device from an unknown address', async () => {
    const user = await newUser(env)
    const chrome = await signInFrom(env, user.email, CHROME_WINDOWS, '203.0.113.10')
    const old = await signInFrom(env, user.email, SAFARI_IPHONE, '198.51.100.7')
    await env.db.updateTable('web_sessions').set({ user_agent: null, ip_address: null }).where('user_id', '=', user.id).where('ip_address', '=', '198.51.100.7').execute()
    const rows = sessionRows((await chrome.get(PAGE)).body)
    expect(rows[1]!.cells.slice(0, 2)).toEqual(['Dispositivo desconhecido', 'Desconhecido'])
    expect(await signedIn(old)).toBe(true)
  })
}, { clock })
