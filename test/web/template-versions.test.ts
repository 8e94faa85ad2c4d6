// A template's versions on both databases (catalog/template-versions.ts, migration 052): every
// save that changes a template is a version with who saved it; a save over a version saved since
// is refused with the typed text kept; the history's pages show what each version changed as a
// line diff; restoring fills the editor and saves a new version; members and other accounts see
// nothing; the migration gives the templates already there their version 1.
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { findTemplate } from '../../src/modules/catalog/template-admin.js'
import { saveTemplate } from '../../src/modules/catalog/template-versions.js'
import type { Db } from '../../src/platform/db/connect.js'
import { escapeHtml } from '../../src/modules/rendering/liquid-engine.js'
import { migrateToLatest } from '../../src/platform/migrations/index.js'
import { describeEachDialect } from '../support/dialects.js'
import { describeEachEmptyDatabase, insertBareAccount } from '../support/empty-database.js'
import { makeAccount, makeCustomer, makeProposal } from '../support/factories.js'
import { migrateUpTo } from '../support/migration-rewind.js'
import { signedInUser } from '../support/web-login.js'

const LIST = '/registration-data/templates'
const v = t.templates.versions

function versionRows(db: Db, templateId: number) {
  return db.selectFrom('template_versions').select(['version', 'name', 'description', 'body', 'active', 'saved_by_user_id', 'saved_by_name', 'restored_from'])
    .where('template_id', '=', templateId).orderBy('version').execute()
}

/** The text of the body's textarea on an editor page (after the line break HTML drops). */
function textareaOf(html: string): string {
  const match = /<textarea id="field-body"[^>]*>\n([\s\S]*?)<\/textarea>/.exec(html)
  if (!match) throw new Error('no body field on the page')
  return match[1]!.replaceAll('&lt;', '<').replaceAll('&quot;', '"').replaceAll('&amp;', '&')
}

function hiddenValue(html: string, name: string): string | undefined {
  return new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"/>`).exec(html)?.[1]
}

describeEachDialect('Template versions', (env) => {
  describe('saving', () => {
    it('makes each save that changes the template a version with who saved it; the same content again writes nothing', async () => {
      const { agent, account, user } = await signedInUser(env)
      const id = account.template.id
      const edit = `${LIST}/${id}/edit`
      const page = await agent.get(edit)
      expect(hiddenValue(page.body, 'version')).toBe('1')
      expect(page.body).toContain(`<a class="button ghost" href="${LIST}/${id}/versions">Histórico</a>`)

      const fields = { name: 'Proposta 2027', description: 'Nova', body: 'Olá {{ customer.name }}\n<p>Prazo: 30 dias</p>', active: '1', version: '1' }
      const saved = await agent.submit(edit, `${LIST}/${id}`, fields)
      expect(saved.statusCode, saved.body).toBe(303)
      expect(await findTemplate(env.db, account.id, id)).toMatchObject({ name: 'Proposta 2027', version: 2 })
      const rows = await versionRows(env.db, id)
      expect(rows.map((row) => [row.version, row.name, row.saved_by_user_id, row.saved_by_name])).toEqual([
        [1, 'Proposta comercial', null, null],
        [2, 'Proposta 2027', user.id, user.name],
      ])
      expect(rows[1]).toMatchObject({ description: 'Nova', body: fields.body, restored_from: null })
      expect(Boolean(rows[1]!.active)).toBe(true)

      // The same content again (from the same, now stale, form): no version, no conflict, nothing touched.
      const before = await env.db.selectFrom('templates').select(['updated_at', 'version']).where('id', '=', id).executeTakeFirstOrThrow()
      const again = await agent.submit(edit, `${LIST}/${id}`, fields)
      expect(again.statusCode, again.body).toBe(303)
      expect((await agent.get(LIST)).body).toContain(t.templates.unchangedFlash)
      expect(await env.db.selectFrom('templates').select(['updated_at', 'version']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual(before)
      expect(await versionRows(env.db, id)).toHaveLength(2)

      // Only the status changed: a version too, so the history says when it was switched off.
      const off = await agent.submit(edit, `${LIST}/${id}`, { ...fields, active: '', version: '2' })
      expect(off.statusCode, off.body).toBe(303)
      const third = (await versionRows(env.db, id))[2]!
      expect([third.version, Boolean(third.active), third.body]).toEqual([3, false, fields.body])
    })

    it('refuses a save over a version saved since, keeps the typed text, and lets the next save replace it knowingly', async () => {
      const first = await signedInUser(env)
      const second = await signedInUser(env, { account: first.account })
      const id = first.account.template.id
      const edit = `${LIST}/${id}/edit`

      // The second admin saves while the first is still typing on version 1.
      const theirs = await second.agent.submit(edit, `${LIST}/${id}`, { name: 'Proposta comercial', description: '', body: 'Texto da segunda', active: '1', version: '1' })
      expect(theirs.statusCode, theirs.body).toBe(303)
      const mine = { name: 'Proposta comercial', description: '', body: 'Texto <b>da primeira</b>', active: '1', version: '1' }
      const refused = await first.agent.submit(edit, `${LIST}/${id}`, mine)
      expect(refused.statusCode).toBe(409)
      expect(refused.body).toContain('data-version-conflict')
      expect(refused.body).toContain(`Nada foi salvo: ${second.user.name} salvou este modelo (versão 2)`)
      expect(refused.body).toContain(`href="${LIST}/${id}/versions/2?against=1"`)
      expect(textareaOf(refused.body)).toBe(mine.body)
      expect(hiddenValue(refused.body, 'version')).toBe('2')
      expect(await findTemplate(env.db, first.account.id, id)).toMatchObject({ body: 'Texto da segunda', version: 2 })
      expect(await versionRows(env.db, id)).toHaveLength(2)

      // A form that says nothing of its version is refused the same way, never saved blind.
      const blind = await first.agent.submit(edit, `${LIST}/${id}`, { ...mine, version: '' })
      expect(blind.statusCode).toBe(409)
      expect(blind.body).toContain(`href="${LIST}/${id}/versions/2"`)
      expect(await versionRows(env.db, id)).toHaveLength(2)

      // Saved again from the page that said so: it now stands on version 2 and replaces it.
      const replaced = await first.agent.submit(edit, `${LIST}/${id}`, { ...mine, version: hiddenValue(refused.body, 'version')! })
      expect(replaced.statusCode, replaced.body).toBe(303)
      expect(await findTemplate(env.db, first.account.id, id)).toMatchObject({ body: mine.body, version: 3 })
    })

    it('decides two saves from the same version one after the other: one is saved, the other refused', async () => {
      const account = await makeAccount(env)
      const id = account.template.id
      const content = (body: string) => ({ name: 'Proposta comercial', description: null, body, active: true })
      const results = await Promise.all(['A', 'B', 'C'].map((body) => saveTemplate(env.db, env.clock, account.id, id, content(body), { editedFrom: 1 })))
      expect(results.map((result) => result.outcome).sort()).toEqual(['saved', 'stale', 'stale'])
      const winner = results.find((result) => result.outcome === 'saved')
      expect(winner).toEqual({ outcome: 'saved', version: 2 })
      expect((await versionRows(env.db, id)).map((row) => row.version)).toEqual([1, 2])
      // Another account's id is a missing template, and writes nothing.
      const other = await makeAccount(env)
      expect(await saveTemplate(env.db, env.clock, other.id, id, content('D'), { editedFrom: 2 })).toEqual({ outcome: 'missing' })
      expect(await versionRows(env.db, id)).toHaveLength(2)
    })
  })

  describe('history pages', () => {
    async function threeVersions() {
      const signed = await signedInUser(env)
      const id = signed.account.template.id
      const save = (version: number, changes: { name: string; description: string | null; body: string }) =>
        saveTemplate(env.db, env.clock, signed.account.id, id, { ...changes, active: true }, { editedFrom: version, by: { type: 'user', id: signed.user.id, name: signed.user.name, ip: null } })
      const body1 = 'linha 1\nlinha 2\n<p>{{ customer.name }}</p>\nlinha 4'
      await save(1, { name: 'Proposta comercial', description: null, body: body1 })
      await save(2, { name: 'Contrato', description: null, body: 'linha 1\nlinha dois\n<p>{{ customer.name }}</p>\nlinha 4' })
      await save(3, { name: 'Contrato', description: 'Com prazo', body: 'linha 1\nlinha dois\n<p>{{ customer.name }}</p>\nlinha 4\nlinha 5' })
      return { ...signed, id, body1 }
    }

    it('lists the versions newest first with what each changed, and shows one as a line diff against the one before or any other', async () => {
      const { agent, id, user, account } = await threeVersions()
      const list = await agent.get(`${LIST}/${id}/versions`)
      expect(list.statusCode).toBe(200)
      expect([...list.body.matchAll(/<tr data-version="(\d+)">/g)].map((match) => match[1])).toEqual(['4', '3', '2', '1'])
      const row = (version: number) => list.body.slice(list.body.indexOf(`<tr data-version="${version}">`)).split('</tr>')[0]!
      expect(row(4)).toContain(`<span class="badge">${v.current}</span>`)
      expect(row(4)).toContain('Descrição alterado')
      expect(row(4)).toContain('1 linha incluída, 0 removidas')
      expect(row(3)).toContain('Nome alterado')
      expect(row(3)).toContain('1 linha incluída, 1 removida')
      expect(row(3)).toContain(escapeHtml(user.name))
      // The factory's template was written with no author: the history began with it.
      expect(row(1)).toContain(v.created)
      expect(row(1)).toContain(v.beforeHistory)
      // Version 2 rewrote the factory's body entirely.
      expect(row(2)).toContain('4 linhas incluídas, 1 removida')

      // Version 3 against version 2, by default: the name's change and the line replaced.
      const three = await agent.get(`${LIST}/${id}/versions/3`)
      expect(three.statusCode).toBe(200)
      expect(three.body).toContain(`<h2 id="version-changes-heading">${v.againstHeading(2)}</h2>`)
      expect(three.body).toContain('<tr data-field="name"><th scope="row">Nome</th><td>Proposta comercial</td><td>Contrato</td></tr>')
      expect(three.body).toContain('<tr class="diff-removed"><td class="diff-number">2</td><td class="diff-number"></td><td class="diff-sign"><span aria-label="removida">−</span></td><td class="diff-text"><code>linha 2</code></td></tr>')
      expect(three.body).toContain('<tr class="diff-added"><td class="diff-number"></td><td class="diff-number">2</td><td class="diff-sign"><span aria-label="incluída">+</span></td><td class="diff-text"><code>linha dois</code></td></tr>')
      // The body's markup is text on this page, escaped, in the diff and in the whole body.
      expect(three.body).toContain('<code>&lt;p>{{ customer.name }}&lt;/p></code>')
      expect(three.body).not.toContain('<p>{{ customer.name }}</p>')
      expect(three.body).toContain(`href="${LIST}/${id}/edit?from_version=3">${v.restore}</a>`)

      // Against any other version, chosen in the form; an unknown one falls back to the one before.
      const against = await agent.get(`${LIST}/${id}/versions/4?against=2`)
      expect(against.body).toContain(v.againstHeading(2))
      expect(against.body).toContain('<tr data-field="name">')
      expect(against.body).toContain('<tr data-field="description"><th scope="row">Descrição</th><td>(vazio)</td><td>Com prazo</td></tr>')
      expect(against.body).toContain('<option value="2" selected>')
      expect(against.body).not.toContain(v.restore)
      expect((await agent.get(`${LIST}/${id}/versions/4?against=99`)).body).toContain(v.againstHeading(3))
      expect((await agent.get(`${LIST}/${id}/versions/4?against=abc`)).body).toContain(v.againstHeading(3))
      // The first version has nothing before it.
      expect((await agent.get(`${LIST}/${id}/versions/1`)).body).toContain(v.firstVersion)
      // Versions the template does not have, and ids that are not ids, are missing pages.
      for (const url of [`${LIST}/${id}/versions/5`, `${LIST}/${id}/versions/0`, `${LIST}/${id}/versions/x`, `${LIST}/${id}/edit?from_version=9`, `${LIST}/${id}/edit?from_version=-1`]) {
        expect((await agent.get(url)).statusCode, url).toBe(404)
      }
      expect(account.id).toBeGreaterThan(0)
    })

    it('restores a version through the editor: its content to review, saved as a new version that says where it came from', async () => {
      const { agent, id, account, body1 } = await threeVersions()
      const restoreUrl = `${LIST}/${id}/edit?from_version=2`
      const page = await agent.get(restoreUrl)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('data-restoring')
      expect(page.body).toContain('O editor está com o conteúdo da versão 2')
      expect(textareaOf(page.body)).toBe(body1)
      expect(page.body).toContain('value="Proposta comercial"')
      expect(hiddenValue(page.body, 'version')).toBe('4')
      expect(hiddenValue(page.body, 'restored_from')).toBe('2')
      // Nothing changed by opening it.
      expect(await findTemplate(env.db, account.id, id)).toMatchObject({ name: 'Contrato', version: 4 })

      // The preview keeps the restoration's fields, so a save after it still says where it came from.
      const preview = await agent.submit(restoreUrl, `${LIST}/preview`, { template_id: String(id), name: 'Proposta comercial', description: '', body: body1, active: '1', version: '4', restored_from: '2' })
      expect(preview.statusCode, preview.body).toBe(200)
      expect(hiddenValue(preview.body, 'restored_from')).toBe('2')
      expect(hiddenValue(preview.body, 'version')).toBe('4')

      const saved = await agent.submit(restoreUrl, `${LIST}/${id}`, { name: 'Proposta comercial', description: '', body: body1, active: '1', version: '4', restored_from: '2' })
      expect(saved.statusCode, saved.body).toBe(303)
      const rows = await versionRows(env.db, id)
      expect(rows.at(-1)).toMatchObject({ version: 5, name: 'Proposta comercial', description: null, body: body1, restored_from: 2 })
      const list = await agent.get(`${LIST}/${id}/versions`)
      expect(list.body).toContain(v.restoredFrom(2))
      // A restoration that names a version the template does not have is saved as a plain edit.
      await agent.submit(`${LIST}/${id}/edit`, `${LIST}/${id}`, { name: 'Proposta comercial', description: '', body: 'outro', active: '1', version: '5', restored_from: '77' })
      expect((await versionRows(env.db, id)).at(-1)).toMatchObject({ version: 6, restored_from: null })
    })

    it('pages the history 20 at a time, each row still saying what it changed', async () => {
      const { agent, account } = await signedInUser(env)
      const id = account.template.id
      for (let version = 1; version < 25; version++) {
        await saveTemplate(env.db, env.clock, account.id, id, { name: 'Proposta comercial', description: null, body: Array.from({ length: version }, (_, line) => `linha ${line}`).join('\n'), active: true }, { editedFrom: version })
      }
      const first = await agent.get(`${LIST}/${id}/versions`)
      expect([...first.body.matchAll(/<tr data-version="(\d+)">/g)].map((match) => Number(match[1]))).toEqual(Array.from({ length: 20 }, (_, index) => 25 - index))
      const second = await agent.get(`${LIST}/${id}/versions?page=2`)
      expect([...second.body.matchAll(/<tr data-version="(\d+)">/g)].map((match) => Number(match[1]))).toEqual([5, 4, 3, 2, 1])
      // The last row of page 1 (version 6) is compared with version 5, which is on page 2.
      const six = first.body.slice(first.body.indexOf('<tr data-version="6">')).split('</tr>')[0]!
      expect(six).toContain('1 linha incluída, 0 removidas')
    })

    it('records on a sent document the version it was rendered from, which its page names and links for an admin', async () => {
      const { agent, account } = await signedInUser(env)
      const member = await signedInUser(env, { account, role: 'member' })
      const id = account.template.id
      await saveTemplate(env.db, env.clock, account.id, id, { name: 'Proposta comercial', description: null, body: 'Versão dois, {{ customer.name }}', active: true }, { editedFrom: 1 })
      const proposal = await makeProposal(env, account, await makeCustomer(env, account))
      const sending = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${proposal.id}/send`, headers: account.auth, payload: {} })
      expect(sending.statusCode, sending.body).toBe(200)
      // Edited after sending: the document keeps the version it went out with.
      await saveTemplate(env.db, env.clock, account.id, id, { name: 'Proposta comercial', description: null, body: 'Versão três', active: true }, { editedFrom: 2 })
      const sent = await env.db.selectFrom('proposal_events').select('data_json').where('proposal_id', '=', proposal.id).where('type', '=', 'sent').executeTakeFirstOrThrow()
      expect(JSON.parse(sent.data_json)).toMatchObject({ template_version: 2 })
      const detail = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${proposal.id}`, headers: account.auth })
      expect(detail.json<{ events: Array<{ type: string; data: Record<string, unknown> }> }>().events.find((event) => event.type === 'sent')!.data.template_version).toBe(2)

      const page = (await agent.get(`/proposals/${proposal.id}/edit`)).body
      expect(page).toContain(`<a href="${LIST}/${id}/versions/2" data-sent-template-version>enviado com a versão 2</a>`)
      const seen = (await member.agent.get(`/proposals/${proposal.id}/edit`)).body
      expect(seen).toContain('<span data-sent-template-version>enviado com a versão 2</span>')
      expect(seen).not.toContain(`${LIST}/${id}/versions/2`)
    })

    it('is for admins only, and another account’s template has no history', async () => {
      const { agent, account } = await signedInUser(env)
      const member = await signedInUser(env, { account, role: 'member' })
      const id = account.template.id
      for (const url of [`${LIST}/${id}/versions`, `${LIST}/${id}/versions/1`, `${LIST}/${id}/edit?from_version=1`]) {
        expect((await member.agent.get(url)).statusCode, url).toBe(403)
      }
      const other = await makeAccount(env)
      for (const path of ['versions', 'versions/1', 'edit?from_version=1']) {
        const theirs = await agent.get(`${LIST}/${other.template.id}/${path}`)
        const missing = await agent.get(`${LIST}/987654321/${path}`)
        expect(theirs.statusCode, path).toBe(404)
        expect(theirs.body).toBe(missing.body)
      }
    })
  })
})

describeEachEmptyDatabase('Template versions: migration 052', (dialect, openDatabase) => {
  it('gives every template already there its version 1, from what it holds, saved by nobody known', async () => {
    const { db } = await openDatabase()
    await migrateUpTo(db, dialect, '051-account-activity')
    const accountId = await insertBareAccount(db)
    const at = '2025-03-04T05:06:07.000Z'
    for (const [name, active] of [['Contrato', true], ['Antigo', false]] as const) {
      await sql`insert into templates (account_id, name, description, body, active, created_at, updated_at) values (${accountId}, ${name}, ${'D'}, ${`<p>${name}</p>`}, ${dialect === 'postgres' ? active : Number(active)}, ${at}, ${at})`.execute(db)
    }
    await migrateToLatest(db, dialect)
    const templates = await db.selectFrom('templates').select(['id', 'name', 'version']).orderBy('id').execute()
    expect(templates.map((row) => [row.name, row.version])).toEqual([['Contrato', 1], ['Antigo', 1]])
    const versions = await db.selectFrom('template_versions').selectAll().orderBy('template_id').execute()
    expect(versions.map((row) => ({ ...row, active: Boolean(row.active), saved_at: new Date(row.saved_at).toISOString() }))).toEqual(templates.map((template, index) => ({
      id: versions[index]!.id, account_id: accountId, template_id: template.id, version: 1, name: template.name, description: 'D', body: `<p>${template.name}</p>`,
      active: index === 0, saved_at: at, saved_by_user_id: null, saved_by_name: null, restored_from: null,
    })))
  })
})
