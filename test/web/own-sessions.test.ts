// Minha conta → Sessões, on both databases: a user sees every browser they are signed in on (this
// one first and marked; the device named from its User-Agent, the login's address, when it
// signed in and was last used), ends one of the others (that browser is signed out at once) or
// all of them but this one. Only the user's own live sessions are listed or ended: another
// user's, another account's, this browser's own or a made-up handle is a 404 that ends nothing.
// The User-Agent is kept without control characters and cut to 512 characters, and shown escaped.
import { expect, it } from 'vitest'
import { formatDateTime } from '../../src/http/web/format.js'
import { createUser } from '../../src/modules/accounts/users.js'
import { MAX_SESSIONS_PER_USER, SESSION_IDLE_MS } from '../../src/modules/accounts/web-sessions.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, uniqueSuffix, type TestAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import { turnOnTwoFactor } from '../support/two-factor.js'
import { csrfTokenIn, WebAgent } from '../support/web-agent.js'
import { storeWebSession } from '../support/web-session-rows.js'
import { signedInUser, WEB_PASSWORD } from '../support/web-login.js'

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
    cells: [...row.matchAll(/<t[hd](?: scope="row")?(?: title="[^"]*")?>([\s\S]*?)<\/t[hd]>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').trim()),
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
      ['Chrome 131 no Windows Esta sessão', '203.0.113.10', formatDateTime(chromeAt, zone), formatDateTime(clock.now().toISOString(), zone), 'Use “Sair”'],
      ['Safari 17 no iPhone', '198.51.100.7', formatDateTime(iphoneAt, zone), formatDateTime(iphoneAt, zone), 'Encerrar'],
    ])
    expect(rows[0]!.endAction).toBeNull()
    expect(rows[1]!.endAction).toMatch(/^\/account\/sessions\/[0-9a-f]{32}\/end$/)
    expect(page.body).toContain(`aria-label="Encerrar a sessão (Safari 17 no iPhone, última atividade em ${formatDateTime(iphoneAt, zone)})"`)
    // The device heads its row, so each cell is read with it.
    expect(page.body).toContain('<th scope="row" title="Mozilla/5.0 (iPhone;')
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
    expect(after.body).toContain('Sessão encerrada: Safari 17 no iPhone.')
    expect(await signedIn(iphone)).toBe(false)
    expect(await signedIn(chrome)).toBe(true)
    expect(sessionRows(after.body).map((row) => row.cells[0])).toEqual(['Chrome 131 no Windows Esta sessão'])
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
    // The iPhone's handle, the one this page offers: its neighbours in the alphabet are made-up handles.
    const iphoneHandle = /\/account\/sessions\/([0-9a-f]{32})\/end/.exec(own.body)![1]!
    const colleagueHandle = /\/account\/sessions\/([0-9a-f]{32})\/end/.exec((await colleagueAgent.get(PAGE)).body)![1]!
    const strangerHandle = /\/account\/sessions\/([0-9a-f]{32})\/end/.exec((await strangerAgent.get(PAGE)).body)![1]!
    const before = await sessionTable(env)
    const csrf = csrfTokenIn(own.body)
    const refused = [colleagueHandle, strangerHandle, iphoneHandle.toUpperCase(), iphoneHandle.slice(0, 31), `${iphoneHandle}0`, 'x'.repeat(32), '..', '%00']
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
    expect(rows.map((row) => row.cells[0])).toEqual(['Chrome 131 no Windows Esta sessão'])
  })

  it('keeps the User-Agent without control characters, cut to 512 characters, and shows what it cannot name escaped and cut short', async () => {
    const user = await newUser(env)
    const payload = `"><script>window.__xss=1</script>\tRobo ${'x'.repeat(700)}`
    const odd = await signInFrom(env, user.email, payload, '203.0.113.50')
    const row = await env.db.selectFrom('web_sessions').select(['user_agent', 'ip_address']).where('user_id', '=', user.id).executeTakeFirstOrThrow()
    expect(row.ip_address).toBe('203.0.113.50')
    expect(row.user_agent).toHaveLength(512)
    expect(row.user_agent!.startsWith('"><script>window.__xss=1</script>Robo xxx')).toBe(true)

    const page = await odd.get(PAGE)
    expect(page.body).not.toContain('<script>window.__xss')
    const shown = sessionRows(page.body)[0]!.cells[0]!
    // Its first 80 characters, as text: the markup's characters escaped.
    expect(shown).toBe(`${row.user_agent!.slice(0, 80).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;')}… Esta sessão`)
    expect(shown.startsWith('&quot;>&lt;script>window.__xss=1&lt;/script>Robo xx')).toBe(true)
  })

  it('lists this browser first even when the others were used since, then the others by last use', async () => {
    const user = await newUser(env)
    // Less than a minute apart, so no page view below moves a session's last use.
    const chrome = await signInFrom(env, user.email, CHROME_WINDOWS, '203.0.113.10')
    clock.advance(10_000)
    const iphone = await signInFrom(env, user.email, SAFARI_IPHONE, '203.0.113.12')
    clock.advance(10_000)
    await signInFrom(env, user.email, FIREFOX_LINUX, '203.0.113.11')
    expect(sessionRows((await chrome.get(PAGE)).body).map((row) => row.cells[0])).toEqual(['Chrome 131 no Windows Esta sessão', 'Firefox 133 no Linux', 'Safari 17 no iPhone'])
    expect(sessionRows((await iphone.get(PAGE)).body).map((row) => row.cells[0])).toEqual(['Safari 17 no iPhone Esta sessão', 'Firefox 133 no Linux', 'Chrome 131 no Windows'])
  })

  it('also ends the sign-ins waiting for a code, and counts only the sessions it listed', async () => {
    const user = await newUser(env)
    const chrome = await signInFrom(env, user.email, CHROME_WINDOWS, '203.0.113.10')
    await turnOnTwoFactor(chrome, clock)
    // Halfway in elsewhere: the password accepted, the code due.
    const halfway = new WebAgent(env.app, '198.51.100.9', SAFARI_IPHONE)
    const password = await halfway.submit('/login', '/login', { email: user.email, password: WEB_PASSWORD })
    expect(password.headers.location).toBe('/login/two-factor')
    // One other session live, and one idle past its limit but not pruned yet (made last: a login prunes).
    await storeWebSession(env.db, { accountId: user.account.id, userId: user.id }, SAFARI_IPHONE, clock)
    await storeWebSession(env.db, { accountId: user.account.id, userId: user.id }, FIREFOX_LINUX, new ManualClock(new Date(clock.now().getTime() - SESSION_IDLE_MS - 60_000).toISOString()))
    expect(await env.db.selectFrom('web_sessions').select('id').where('user_id', '=', user.id).execute()).toHaveLength(3)

    expect((await chrome.submit(PAGE, '/account/sessions/end-others', {})).statusCode).toBe(303)
    expect((await chrome.get(PAGE)).body).toContain('1 sessão encerrada.')
    expect(await env.db.selectFrom('web_sessions').select('id').where('user_id', '=', user.id).execute()).toHaveLength(1)
    expect(await env.db.selectFrom('login_challenges').select('id').where('user_id', '=', user.id).execute()).toEqual([])
    const codeStep = await halfway.get('/login/two-factor')
    expect(codeStep.statusCode).toBe(303)
    expect(codeStep.headers.location).toBe('/login?challenge_ended')
  })

  it('answers 404 for a session that expired before it was ended', async () => {
    const user = await newUser(env)
    const chrome = await signInFrom(env, user.email, CHROME_WINDOWS, '203.0.113.10')
    await signInFrom(env, user.email, SAFARI_IPHONE, '198.51.100.7')
    const page = await chrome.get(PAGE)
    const action = sessionRows(page.body)[1]!.endAction!
    clock.advance(SESSION_IDLE_MS - 60 * 60 * 1000)
    expect(await signedIn(chrome)).toBe(true)
    clock.advance(2 * 60 * 60 * 1000)
    expect((await chrome.post(action, { _csrf: csrfTokenIn(page.body) })).statusCode).toBe(404)
  })

  it('keeps at most 50 sessions per user: a new one pushes out the longest unused', async () => {
    const user = await newUser(env)
    const owner = { accountId: user.account.id, userId: user.id }
    const first = await storeWebSession(env.db, owner, FIREFOX_LINUX, clock)
    clock.advance(1000)
    const second = await storeWebSession(env.db, owner, FIREFOX_LINUX, clock)
    for (let index = 2; index < MAX_SESSIONS_PER_USER; index++) {
      clock.advance(1000)
      await storeWebSession(env.db, owner, FIREFOX_LINUX, clock)
    }
    const count = async () => (await env.db.selectFrom('web_sessions').select('id').where('user_id', '=', user.id).execute()).length
    expect(await count()).toBe(MAX_SESSIONS_PER_USER)
    clock.advance(1000)
    const chrome = await signInFrom(env, user.email, CHROME_WINDOWS, '203.0.113.10')
    expect(await count()).toBe(MAX_SESSIONS_PER_USER)
    const handles = sessionRows((await chrome.get(PAGE)).body).map((row) => row.endAction)
    expect(handles).toHaveLength(MAX_SESSIONS_PER_USER)
    expect(handles).not.toContain(`/account/sessions/${first}/end`)
    expect(handles).toContain(`/account/sessions/${second}/end`)
  })

  it('shows an IPv4 client of a server listening on :: as its plain address', async () => {
    const user = await newUser(env)
    await signInFrom(env, user.email, CHROME_WINDOWS, '::ffff:203.0.113.77')
    await signInFrom(env, user.email, SAFARI_IPHONE, '2001:db8::7')
    const rows = await env.db.selectFrom('web_sessions').select('ip_address').where('user_id', '=', user.id).execute()
    expect(rows.map((row) => row.ip_address).sort()).toEqual(['2001:db8::7', '203.0.113.77'])
  })

  it('lets an admin end every session of another user of the account (a lost laptop), not their own', async () => {
    const admin = await signedInUser(env)
    const member = await newUser(env, admin.account)
    const laptop = await signInFrom(env, member.email, CHROME_WINDOWS, '203.0.113.20')
    clock.advance(30_000)
    const phone = await signInFrom(env, member.email, SAFARI_IPHONE, '203.0.113.21')
    const { time_zone: zone } = await env.db.selectFrom('accounts').select('time_zone').where('id', '=', admin.account.id).executeTakeFirstOrThrow()
    const edit = `/registration-data/users/${member.id}/edit`
    const page = await admin.agent.get(edit)
    expect(page.body).toContain(`2 sessões abertas para ${member.email}; última atividade em ${formatDateTime(clock.now().toISOString(), zone)}.`)
    expect(page.body).toContain(`action="/registration-data/users/${member.id}/sessions/end"`)
    // A member cannot.
    const memberPage = await laptop.get(PAGE)
    expect((await laptop.post(`/registration-data/users/${admin.user.id}/sessions/end`, { _csrf: csrfTokenIn(memberPage.body) })).statusCode).toBe(403)
    expect(await signedIn(admin.agent)).toBe(true)

    const ended = await admin.agent.post(`/registration-data/users/${member.id}/sessions/end`, { _csrf: csrfTokenIn(page.body) })
    expect(ended.statusCode).toBe(303)
    expect(ended.headers.location).toBe(edit)
    const after = await admin.agent.get(edit)
    expect(after.body).toContain(`2 sessões de ${member.email} encerradas.`)
    expect(after.body).toContain(`Nenhuma sessão aberta para ${member.email}.`)
    expect(after.body).not.toContain('Encerrar todas as sessões')
    expect(await signedIn(laptop)).toBe(false)
    expect(await signedIn(phone)).toBe(false)
    const again = await admin.agent.post(`/registration-data/users/${member.id}/sessions/end`, { _csrf: csrfTokenIn(after.body) })
    expect(again.statusCode).toBe(303)
    expect((await admin.agent.get(edit)).body).toContain(`Não havia sessões abertas para ${member.email}.`)

    // One's own sessions are Minha conta's: no card on one's own page, and the form refuses.
    const own = `/registration-data/users/${admin.user.id}/edit`
    const ownPage = await admin.agent.get(own)
    expect(ownPage.body).not.toContain('/sessions/end"')
    const refused = await admin.agent.post(`/registration-data/users/${admin.user.id}/sessions/end`, { _csrf: csrfTokenIn(ownPage.body) })
    expect(refused.headers.location).toBe(own)
    expect((await admin.agent.get(own)).body).toContain('As suas próprias sessões se encerram em Minha conta → Sessões.')
    expect(await signedIn(admin.agent)).toBe(true)
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
