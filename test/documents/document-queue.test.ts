// One account asking for many documents at once (PDFs of drafts, sends) cannot hold the other
// accounts' behind it: the document thread does one piece of work at a time, each account's in
// its turn, and an account's requests past 6 pieces are refused with 429 `documents_busy` and a
// Retry-After, changing nothing (the web app says so in Portuguese). Before, every piece waited in
// one line in arrival order, without a bound: a few requests for a 200-line draft's PDF (seconds
// each) delayed every account's PDFs, previews and sends by as many times that.
import { expect, it, vi } from 'vitest'
import { DOCUMENT_QUEUE_LIMITS, documentWorkOf } from '../../src/modules/document-thread/document-thread.js'
import { makeDraft, snapshotEverything } from '../lifecycle/lifecycle-fixtures.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal } from '../support/factories.js'
import { expectProblem } from '../support/http.js'
import { signedInUser } from '../support/web-login.js'
import { makeRichDocument } from './document-fixtures.js'

// Near an item's 2,000-character limit: the longer each piece holds the thread, the fewer of the
// flooder's requests pass between their two pieces (their count one short of the bound) while
// the refusals below are checked (at 12 repeats the first refusal went through once, on a
// thread that earlier files had warmed).
const DESCRIPTION = 'Implantação, parametrização e treinamento da equipe de vendas em São Paulo. '.repeat(26)

describeEachDialect('document queue', (env) => {
  it("takes each account's documents in turn and refuses an account's past its bound, changing nothing", async () => {
    const flooder = await makeAccount(env)
    const customer = await makeCustomer(env, flooder)
    // A draft whose PDF takes the thread a second or more: 200 lines with long descriptions.
    const heavy = await makeProposal(env, flooder, customer, {
      items: Array.from({ length: 200 }, () => ({ product_id: flooder.products.main.id, quantity: 1, description: DESCRIPTION })),
    })
    const light = await makeDraft(env, flooder, 'paper')
    const { agent } = await signedInUser(env, { account: flooder, role: 'member' })
    const lightPage = await agent.get(`/proposals/${light.id}/edit`)
    const other = await makeRichDocument(env)
    // Taken now, not while the flooder is at its bound: the window in which its next work must be
    // refused lasts only as long as the piece the thread is on, and a snapshot of every table on a
    // loaded machine could outlast it. The floods and the other account's draft PDF change none of it.
    const before = await snapshotEverything(env.db)

    const finished: string[] = []
    const floods = Array.from({ length: DOCUMENT_QUEUE_LIMITS.perOwner + 2 }, (_, index) =>
      env.app.inject({ method: 'GET', url: `/api/v1/proposals/${heavy.id}/pdf`, headers: flooder.auth }).then((response) => {
        if (response.statusCode === 200) finished.push(`flood ${index}`)
        return response
      }),
    )
    await vi.waitFor(() => expect(documentWorkOf(flooder.id)).toBe(DOCUMENT_QUEUE_LIMITS.perOwner), { timeout: 10_000, interval: 5 })

    // Another account's draft, asked for now: it takes its turn between the flooder's pieces.
    const otherPdf = env.app.inject({ method: 'GET', url: `/api/v1/proposals/${other.detail.id}/pdf`, headers: other.account.auth }).then((response) => {
      finished.push('other')
      return response
    })
    await vi.waitFor(() => expect(documentWorkOf(other.account.id)).toBe(1), { timeout: 10_000, interval: 1 })
    const finishedBeforeOther = finished.length

    // The flooder's next document work is refused, and nothing of it is done.
    const send = expectProblem(await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${light.id}/send`, headers: flooder.auth }), 429, 'documents_busy')
    expect(send.detail).toMatch(/^This account has too many documents being rendered right now; retry in \d+ s\.$/)
    const pdf = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${light.id}/pdf`, headers: flooder.auth })
    expectProblem(pdf, 429, 'documents_busy')
    expect(Number(pdf.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    const webSend = await agent.post(`/proposals/${light.id}/send`, { _csrf: /name="_csrf" value="([^"]+)"/.exec(lightPage.body)![1]! })
    expect(webSend.statusCode).toBe(303)
    const flash = await agent.get(`/proposals/${light.id}/edit`)
    expect(flash.body).toContain('alert error')
    expect(flash.body).toContain('Há muitos documentos desta conta sendo gerados agora. Nada foi alterado; tente de novo em')
    const webPdf = await agent.get(`/proposals/${light.id}/pdf`)
    expect(webPdf.statusCode).toBe(429)
    expect(webPdf.headers['content-type']).toMatch(/^text\/html/)
    expect(Number(webPdf.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(webPdf.body).toContain('Documentos em fila')
    expect(await snapshotEverything(env.db)).toEqual(before)

    // Of the flood, the bound's worth is served and the rest refused at once.
    const answers = await Promise.all(floods)
    expect(answers.filter((response) => response.statusCode === 200)).toHaveLength(DOCUMENT_QUEUE_LIMITS.perOwner)
    for (const refused of answers.filter((response) => response.statusCode !== 200)) {
      expectProblem(refused, 429, 'documents_busy')
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    }
    const otherAnswer = await otherPdf
    expect(otherAnswer.statusCode, otherAnswer.body).toBe(200)
    // In arrival order it would have come after all six; in turns, after two or three at most.
    // In arrival order it would have come last, after all six flood requests in flight; as the
    // account served longest ago, each of its two pieces (render, layout) waits for the piece
    // running only: two flood layouts at most finish first (one more may be answering already).
    expect(finished.indexOf('other')).toBeLessThanOrEqual(finishedBeforeOther + 3)
    expect(finished.at(-1)).not.toBe('other')

    // Once the flood is over the account has room again: the same send goes through.
    expect(documentWorkOf(flooder.id)).toBe(0)
    const sent = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${light.id}/send`, headers: flooder.auth })
    expect(sent.statusCode, sent.body).toBe(200)
  }, 120_000)
})
