// The account's logo (Configurações → Conta) through app.inject on both databases: an admin uploads
// a PNG or JPEG, sees it, replaces and removes it; a refused file changes nothing; members cannot
// reach it; and documents built afterwards print it at the top of their first page,
// above the header's text, while a document already sent keeps the PDF frozen then.
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { LOGO_BOX } from '../../src/modules/documents/original-pdf-layout.js'
import { MARGIN } from '../../src/modules/documents/pdf-page.js'
import { describeEachDialect } from '../support/dialects.js'
import { CHROMIUM_JPEG } from '../support/jpeg.js'
import { buildPng } from '../support/png.js'
import { sentDigitalDocument } from '../support/signing.js'
import { WebAgent } from '../support/web-agent.js'
import { signedInUser } from '../support/web-login.js'
import { makeDraft, post, snapshotEverything } from '../lifecycle/lifecycle-fixtures.js'

const a = t.accountSettings

function upload(agent: WebAgent, bytes: Uint8Array, fileName = 'logo.png', contentType = 'image/png') {
  return agent.submitMultipart('/settings/account', '/settings/account/logo', {}, [{ name: 'logo', fileName, contentType, bytes }])
}

/** The images drawn on the PDF's first page, by their pixel size. */
async function firstPageImages(pdf: Uint8Array): Promise<Array<{ width: number; height: number }>> {
  const document = await PDFDocument.load(pdf)
  const xObjects = document.getPages()[0]!.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict)
  if (!xObjects) return []
  return xObjects
    .values()
    .map((ref) => document.context.lookup(ref))
    .filter((object): object is PDFRawStream => object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'))
    .map((image) => ({ width: (image.dict.get(PDFName.of('Width')) as PDFNumber).asNumber(), height: (image.dict.get(PDFName.of('Height')) as PDFNumber).asNumber() }))
}

/** The top of the first page's first line of text, in points from the page's top edge. */
async function firstTextTop(pdf: Uint8Array): Promise<{ text: string; top: number }> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise
  try {
    const page = await document.getPage(1)
    const [, , , pageHeight] = page.view as [number, number, number, number]
    const item = (await page.getTextContent()).items.find((entry) => 'str' in entry && entry.str.trim() !== '') as { str: string; transform: number[]; height: number }
    return { text: item.str, top: pageHeight - item.transform[5]! - item.height }
  } finally {
    await document.destroy()
  }
}

describeEachDialect('the account’s logo', (env) => {
  it('an admin uploads a PNG, sees it on the page, and the next document prints it above its header', async () => {
    const { agent, account } = await signedInUser(env)
    const page = (await agent.get('/settings/account')).body
    expect(page).toContain(a.logoNone)
    expect(page).toContain('action="/settings/account/logo" enctype="multipart/form-data"')
    const png = buildPng({ width: 400, height: 100 })
    const saved = await upload(agent, png)
    expect(saved.statusCode, saved.body).toBe(303)
    const after = (await agent.get('/settings/account')).body
    expect(after).toContain(a.logoSaved)
    const src = /<img src="(\/settings\/account\/logo\?v=[0-9a-f]{16})" alt="Logotipo atual" width="400" height="100"/.exec(after)?.[1]
    expect(src).toBeDefined()
    const image = await agent.get(src!)
    expect(image.statusCode).toBe(200)
    expect(image.headers['content-type']).toBe('image/png')
    expect(image.rawPayload.equals(png)).toBe(true)

    const draft = await makeDraft(env, account, 'paper')
    const pdf = (await agent.get(`/proposals/${draft.id}/pdf`)).rawPayload
    expect(await firstPageImages(pdf)).toEqual([{ width: 400, height: 100 }])
    // 400 × 100 fitted into 160 × 48 points: 160 × 40, from the top margin; the account's name below it.
    const first = await firstTextTop(pdf)
    expect(first.text).toContain(account.account.name.slice(0, 10))
    expect(first.top).toBeGreaterThanOrEqual(MARGIN.top + LOGO_BOX.width / 4 - 0.5)
    expect(first.top).toBeLessThan(MARGIN.top + LOGO_BOX.height + 16)
  })

  it('replaces it with a JPEG, and once removed documents print none', async () => {
    const { agent, account } = await signedInUser(env)
    expect((await upload(agent, buildPng({ width: 40, height: 40 }))).statusCode).toBe(303)
    expect((await upload(agent, CHROMIUM_JPEG, 'logo.jpg', 'image/jpeg')).statusCode).toBe(303)
    const row = await env.db.selectFrom('account_logos').select(['content_type', 'width', 'height']).where('account_id', '=', account.id).execute()
    expect(row).toEqual([{ content_type: 'image/jpeg', width: 12, height: 6 }])
    const draft = await makeDraft(env, account, 'paper')
    expect(await firstPageImages((await agent.get(`/proposals/${draft.id}/pdf`)).rawPayload)).toEqual([{ width: 12, height: 6 }])

    const removed = await agent.submit('/settings/account', '/settings/account/logo/remove', {})
    expect(removed.statusCode).toBe(303)
    expect((await agent.get('/settings/account')).body).toContain(a.logoRemoved)
    expect(await env.db.selectFrom('account_logos').select('account_id').where('account_id', '=', account.id).execute()).toEqual([])
    expect((await agent.get('/settings/account/logo')).statusCode).toBe(404)
    expect(await firstPageImages((await agent.get(`/proposals/${draft.id}/pdf`)).rawPayload)).toEqual([])
  })

  it('a document sent before the logo keeps its frozen PDF', async () => {
    const { agent, account } = await signedInUser(env)
    const sent = await makeDraft(env, account, 'paper')
    await post(env, account, `${sent.id}/send`, {})
    const frozen = (await agent.get(`/proposals/${sent.id}/pdf?version=original`)).rawPayload
    expect((await upload(agent, buildPng({ width: 80, height: 40 }))).statusCode).toBe(303)
    const again = (await agent.get(`/proposals/${sent.id}/pdf?version=original`)).rawPayload
    expect(again.equals(frozen)).toBe(true)
    expect(await firstPageImages(again)).toEqual([])
  })

  it('refuses a file that is no PNG or JPEG, a broken one and none at all, saying why, and changes nothing', async () => {
    const { agent, account } = await signedInUser(env)
    expect((await upload(agent, buildPng({ width: 40, height: 40 }))).statusCode).toBe(303)
    const before = await snapshotEverything(env.db)
    const logoBefore = await env.db.selectFrom('account_logos').selectAll().where('account_id', '=', account.id).executeTakeFirstOrThrow()
    const broken = Buffer.from(buildPng({ width: 40, height: 40 }))
    broken[broken.length - 20] = broken[broken.length - 20]! ^ 0xff
    const cases: Array<[Uint8Array, string, keyof typeof a.logoErrors]> = [
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'logo.svg', 'unsupported_type'],
      [broken, 'logo.png', 'malformed'],
      [new Uint8Array(), '', 'missing'],
    ]
    for (const [bytes, fileName, problem] of cases) {
      const response = await upload(agent, bytes, fileName)
      expect(response.statusCode, problem).toBe(422)
      expect(response.body).toContain(a.logoErrors[problem])
      expect(response.body).toContain('aria-invalid="true"')
    }
    const tooLarge = await upload(agent, Buffer.alloc(700 * 1024, 0x89))
    expect(tooLarge.statusCode).toBe(413)
    expect(await snapshotEverything(env.db)).toEqual(before)
    expect(await env.db.selectFrom('account_logos').selectAll().where('account_id', '=', account.id).executeTakeFirstOrThrow()).toEqual(logoBefore)
  })

  it('heads the signer’s page with the logo, inline, and shows none once removed', async () => {
    const { agent, account } = await signedInUser(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'Beatriz Lima', cpf: null, order: 1 }])
    const signer = new WebAgent(env.app, '10.8.0.1')
    const signPage = `/sign/${doc.signers[0]!.token}`
    expect((await signer.get(signPage)).body).not.toContain('class="signing-logo"')
    const png = buildPng({ width: 64, height: 32 })
    expect((await upload(agent, png)).statusCode).toBe(303)
    const page = (await signer.get(signPage)).body
    expect(page).toContain(`<img class="signing-logo" src="data:image/png;base64,${png.toString('base64')}" alt="Logotipo de ${account.account.name}" width="64" height="32"`)
    await agent.submit('/settings/account', '/settings/account/logo/remove', {})
    expect((await signer.get(signPage)).body).not.toContain('class="signing-logo"')
  })

  it('a member can neither open the settings nor change the logo; another account never sees it', async () => {
    const admin = await signedInUser(env)
    const png = buildPng({ width: 40, height: 40 })
    expect((await upload(admin.agent, png)).statusCode).toBe(303)
    const member = await signedInUser(env, { account: admin.account, role: 'member' })
    expect((await member.agent.get('/settings/account/logo')).statusCode).toBe(403)
    expect((await member.agent.get('/settings/account')).statusCode).toBe(403)
    const dashboard = await member.agent.get('/dashboard')
    const csrf = /name="_csrf" value="([^"]+)"/.exec(dashboard.body)![1]!
    const before = await snapshotEverything(env.db)
    expect((await member.agent.postMultipart('/settings/account/logo', { _csrf: csrf }, [{ name: 'logo', fileName: 'x.png', contentType: 'image/png', bytes: buildPng({ width: 8, height: 8 }) }])).statusCode).toBe(403)
    expect((await member.agent.post('/settings/account/logo/remove', { _csrf: csrf })).statusCode).toBe(403)
    expect(await snapshotEverything(env.db)).toEqual(before)
    const stranger = await signedInUser(env)
    expect((await stranger.agent.get('/settings/account/logo')).statusCode).toBe(404)
  })
})
