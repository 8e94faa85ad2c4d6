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
  return db.selectFrom('template_versions').select(['version', 'name', 'description', 'body', 'active', 'saved_by_user_id', 'saved_by_name', 'restored_from', 'lines_added', 'lines_removed', 'lines_approximate'])
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
      // What the save did to the body, counted when saved (the factory's one line kept, one added).
      expect([rows[0]!.lines_added, rows[0]!.lines_removed, rows[1]!.lines_added, rows[1]!.lines_removed, Boolean(rows[1]!.lines_approximate)]).toEqual([null, null, 1, 0, false])
      expect(Boolean(rows[1]!.active)).toBe(true)

      // The same content again (from the same, now stale, form): no version, no conflict, nothing touched.
      const before = await env.db.selectFrom('templates').select(['updated_at', 'version']).where('id', '=', id).executeTakeFirstOrThrow()
      const again = await agent.submit(edit, `${LIST}/${id}`, fields)
      expect(again.statusCode, again.body).toBe(303)
      expect((await agent.get(LIST)).body).toContain(t.templates.unchangedFlash)
      expect(await env.db.selectFrom('templates').select(['updated_at', 'version']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual(before)
      expect(await versionRows(env.db, id)).toHaveLength(2)

      // The same content with a body the review has notices on: still "nothing changed", not "saved with notices".
      await saveTemplate(env.db, env.clock, account.id, id, { name: 'Proposta 2027', description: 'Nova', body: '{{ customer.nmae }}', active: true }, { editedFrom: 2 })
      const noticed = await agent.submit(edit, `${LIST}/${id}`, { ...fields, body: '{{ customer.nmae }}', version: '3' })
      expect(noticed.headers.location).toBe(LIST)
      expect((await agent.get(LIST)).body).toContain(t.templates.unchangedFlash)
      await saveTemplate(env.db, env.clock, account.id, id, { name: 'Proposta 2027', description: 'Nova', body: fields.body, active: true }, { editedFrom: 3 })

      // Only the status changed: a version too, so the history says when it was switched off.
      const off = await agent.submit(edit, `${LIST}/${id}`, { ...fields, active: '', version: '4' })
      expect(off.statusCode, off.body).toBe(303)
      const fifth = (await versionRows(env.db, id))[4]!
      expect([fifth.version, Boolean(fifth.active), fifth.body, fifth.lines_added, fifth.lines_removed]).toEqual([5, false, fields.body, 0, 0])
      const history = (await agent.get(`${LIST}/${id}/versions`)).body
      expect(history.slice(history.indexOf('<tr data-version="5">')).split('</tr>')[0]).toContain('<li>Modelo desativado</li>')
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
      expect(refused.body).toContain(`Nada foi salvo: ${second.user.name} salvou uma versão mais nova deste modelo (versão 2, em `)
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
      const { agent, id, user } = await threeVersions()
      const list = await agent.get(`${LIST}/${id}/versions`)
      expect(list.statusCode).toBe(200)
      expect([...list.body.matchAll(/<tr data-version="(\d+)">/g)].map((match) => match[1])).toEqual(['4', '3', '2', '1'])
      const row = (version: number) => list.body.slice(list.body.indexOf(`<tr data-version="${version}">`)).split('</tr>')[0]!
      expect(row(4)).toContain(`<span class="badge">${v.current}</span>`)
      expect(row(4)).toContain('<li>Descrição alterada</li>')
      expect(row(4)).toContain('<li>1 linha incluída</li>')
      expect(row(3)).toContain('<li>Nome alterado</li>')
      expect(row(3)).toContain('<li>1 linha incluída, 1 removida</li>')
      expect(row(3)).toContain(escapeHtml(user.name))
      // The factory's template was created with no author recorded.
      expect(row(1)).toContain(v.created)
      expect(row(1)).toContain(v.notRecorded)
      // Version 2 rewrote the factory's body entirely.
      expect(row(2)).toContain('4 linhas incluídas, 1 removida')

      // Version 3 against version 2, by default: the name's change and the line replaced.
      const three = await agent.get(`${LIST}/${id}/versions/3`)
      expect(three.statusCode).toBe(200)
      expect(three.body).toContain(`<h2 id="version-changes-heading">${v.againstHeading(2)}</h2>`)
      expect(three.body).toContain('<tr data-field="name"><th scope="row">Nome</th><td>Proposta comercial</td><td>Contrato</td></tr>')
      expect(three.body).toContain('<tr class="diff-removed"><td class="diff-number">2</td><td class="diff-number"></td><td class="diff-sign"><span aria-hidden="true">−</span><span class="sr-only">removida</span></td><td class="diff-text"><code>linha 2</code></td></tr>')
      expect(three.body).toContain('<tr class="diff-added"><td class="diff-number"></td><td class="diff-number">2</td><td class="diff-sign"><span aria-hidden="true">+</span><span class="sr-only">incluída</span></td><td class="diff-text"><code>linha dois</code></td></tr>')
      expect(three.body).toContain(`<a class="button ghost" href="${LIST}/${id}/versions/4?against=3">${v.compareWithCurrent}</a>`)
      // The body's markup is text on this page, escaped, in the diff and in the whole body.
      expect(three.body).toContain('<code>&lt;p>{{ customer.name }}&lt;/p></code>')
      expect(three.body).not.toContain('<p>{{ customer.name }}</p>')
      expect(three.body).toContain(`href="${LIST}/${id}/edit?from_version=3">${v.restore}</a>`)

      // Against any other version, chosen in the form; an unknown one falls back to the one before.
      const against = await agent.get(`${LIST}/${id}/versions/4?against=2`)
      expect(against.body).toContain(v.againstHeading(2))
      expect(against.body).toContain('<tr data-field="name">')
      expect(against.body).toContain('<tr data-field="description"><th scope="row">Descrição</th><td>(vazio)</td><td>Com prazo</td></tr>')
      expect(against.body).toMatch(/<input id="field-against" name="against" type="text" value="2"/)
      expect(against.body).not.toContain(v.restore)
      expect((await agent.get(`${LIST}/${id}/versions/4?against=99`)).body).toContain(v.againstHeading(3))
      expect((await agent.get(`${LIST}/${id}/versions/4?against=abc`)).body).toContain(v.againstHeading(3))
      // The first version has nothing before it.
      expect((await agent.get(`${LIST}/${id}/versions/1`)).body).toContain(v.firstVersion)
      // Versions the template does not have, and ids that are not ids, are missing pages.
      for (const url of [`${LIST}/${id}/versions/5`, `${LIST}/${id}/versions/0`, `${LIST}/${id}/versions/x`, `${LIST}/${id}/edit?from_version=9`, `${LIST}/${id}/edit?from_version=-1`]) {
        expect((await agent.get(url)).statusCode, url).toBe(404)
      }
      // A number past the column's range is a missing version too, not a database error.
      for (const url of [`${LIST}/${id}/versions/99999999999`, `${LIST}/${id}/edit?from_version=99999999999`]) expect((await agent.get(url)).statusCode, url).toBe(404)
      expect((await agent.get(`${LIST}/${id}/versions/4?against=99999999999`)).body).toContain(v.againstHeading(3))
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
      await agent.submit(`${LIST}/${id}/edit`, `${LIST}/${id}`, { name: 'Proposta comercial', description: '', body: 'mais um', active: '1', version: '6', restored_from: '99999999999' })
      expect((await versionRows(env.db, id)).at(-1)).toMatchObject({ version: 7, restored_from: null })
      // Restored, then edited before saving: a plain edit, not "restaurada".
      await agent.submit(`${LIST}/${id}/edit?from_version=1`, `${LIST}/${id}`, { name: 'Proposta comercial', description: '', body: `${body1}\nlinha nova`, active: '1', version: '7', restored_from: '1' })
      expect((await versionRows(env.db, id)).at(-1)).toMatchObject({ version: 8, restored_from: null })

      // A restoration refused for an error, or over a newer version, keeps saying what it restores and from which version it stands.
      const invalid = await agent.submit(`${LIST}/${id}/edit?from_version=2`, `${LIST}/${id}`, { name: '', description: '', body: body1, active: '1', version: '8', restored_from: '2' })
      expect(invalid.statusCode).toBe(422)
      expect([hiddenValue(invalid.body, 'version'), hiddenValue(invalid.body, 'restored_from')]).toEqual(['8', '2'])
      expect(invalid.body).toContain('data-restoring')
      const stale = await agent.submit(`${LIST}/${id}/edit?from_version=2`, `${LIST}/${id}`, { name: 'Proposta comercial', description: '', body: body1, active: '1', version: '7', restored_from: '2' })
      expect(stale.statusCode).toBe(409)
      expect([hiddenValue(stale.body, 'version'), hiddenValue(stale.body, 'restored_from')]).toEqual(['8', '2'])
      expect(await versionRows(env.db, id)).toHaveLength(8)
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
      expect(six).toContain('<li>1 linha incluída</li>')
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
      expect(page).toContain(`<a href="${LIST}/${id}/versions/2" data-sent-template-version>versão 2 (usada no envio)</a>`)
      const seen = (await member.agent.get(`/proposals/${proposal.id}/edit`)).body
      expect(seen).toContain('<span data-sent-template-version>versão 2 (usada no envio)</span>')
      expect(seen).not.toContain(`${LIST}/${id}/versions/2`)
    })

    it('says when a rewrite was too large to count line by line, on the list and on its page', async () => {
      const { agent, account } = await signedInUser(env)
      const id = account.template.id
      const lines = (prefix: string) => Array.from({ length: 2_100 }, (_, index) => `<p>${prefix} ${index}</p>`).join('\n')
      await saveTemplate(env.db, env.clock, account.id, id, { name: 'Proposta comercial', description: null, body: lines('antigo'), active: true }, { editedFrom: 1 })
      await saveTemplate(env.db, env.clock, account.id, id, { name: 'Proposta comercial', description: null, body: lines('novo'), active: true }, { editedFrom: 2 })
      expect((await versionRows(env.db, id)).at(-1)).toMatchObject({ lines_added: 2_100, lines_removed: 2_100 })
      expect(Boolean((await versionRows(env.db, id)).at(-1)!.lines_approximate)).toBe(true)
      const list = (await agent.get(`${LIST}/${id}/versions`)).body
      expect(list).toContain('<li>Mudança grande, contada por trecho: 2.100 linhas incluídas, 2.100 removidas</li>')
      const page = (await agent.get(`${LIST}/${id}/versions/3`)).body
      expect(page).toContain(v.coarse)
      expect(page).toContain('Mudança grande, contada por trecho: 2.100 linhas incluídas, 2.100 removidas')
    })

    it('says where the history began for a template that was there before it', async () => {
      const { agent, account } = await signedInUser(env)
      const id = account.template.id
      // As migration 052 writes the version of a template it found.
      await env.db.updateTable('template_versions').set({ history_start: true }).where('template_id', '=', id).execute()
      await saveTemplate(env.db, env.clock, account.id, id, { name: 'Proposta comercial', description: null, body: 'Novo', active: true }, { editedFrom: 1 })
      const list = (await agent.get(`${LIST}/${id}/versions`)).body
      const first = list.slice(list.indexOf('<tr data-version="1">')).split('</tr>')[0]!
      expect(first).toContain(v.historyStart)
      expect(first).toContain(v.beforeHistory)
      expect(first).not.toContain(v.created)
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
  it('gives every template already there its version 1, from what it holds, marked as where the history starts', async () => {
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
    expect(versions.map((row) => ({ ...row, active: Boolean(row.active), lines_approximate: Boolean(row.lines_approximate), history_start: Boolean(row.history_start), saved_at: new Date(row.saved_at).toISOString() }))).toEqual(templates.map((template, index) => ({
      id: versions[index]!.id, account_id: accountId, template_id: template.id, version: 1, name: template.name, description: 'D', body: `<p>${template.name}</p>`,
      active: index === 0, saved_at: at, saved_by_user_id: null, saved_by_name: null, restored_from: null,
      lines_added: null, lines_removed: null, lines_approximate: false, history_start: true,
    })))
  })
})
