// The README's first command, `npm run demo`, as a person runs it: it builds, seeds the demo, prints
// the token and serves the API with demo data. (Dependencies are already installed here, so the
// script's `npm ci` step is skipped; CI runs it on a clean clone after `npm ci`.)
import { spawn, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from '../support/free-port.js'
import { removeSqliteFiles } from '../../src/platform/db/sqlite-database.js'


describe('npm run demo', () => {
  const file = path.join(os.tmpdir(), `vendoc-demo-${process.pid}-${Date.now()}.sqlite`)
  let child: ChildProcess | undefined

  afterAll(async () => {
    if (child?.pid && child.exitCode === null) {
      process.kill(-child.pid, 'SIGTERM')
      await new Promise((resolve) => child!.once('exit', resolve))
    }
    removeSqliteFiles(file)
  })

  it('starts Vendoc with demo data and prints a working API token', async () => {
    const port = await freePort()
    child = spawn('npm', ['run', 'demo'], {
      env: { ...process.env, DATABASE_URL: `sqlite:${file}`, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: '', LOG_LEVEL: 'warn' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout!.on('data', (chunk) => (output += chunk))
    child.stderr!.on('data', (chunk) => (output += chunk))
    const baseUrl = `http://127.0.0.1:${port}`

    const deadline = Date.now() + 240_000
    let healthy = false
    while (!healthy && Date.now() < deadline && child.exitCode === null) {
      healthy = await fetch(`${baseUrl}/healthz`).then((response) => response.ok).catch(() => false)
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, 500))
    }
    expect(healthy, output).toBe(true)

    const token = /API token:\s+(vdc_[0-9A-Za-z]+)/.exec(output)?.[1]
    expect(token, output).toBeDefined()
    expect(output).toContain(`${baseUrl}/api-docs/index.html`)
    const headers = { authorization: `Bearer ${token}` }

    const registration = await fetch(`${baseUrl}/api/v1/registration-data`, { headers })
    expect(registration.status).toBe(200)
    const data = (await registration.json()) as { templates: unknown[]; products: unknown[] }
    expect(data.templates.length).toBe(3)
    expect(data.products.length).toBeGreaterThanOrEqual(10)

    const list = await fetch(`${baseUrl}/api/v1/customers/CLI-0001/proposals`, { headers })
    expect(list.status).toBe(200)
    const proposals = (await list.json()) as { data: Array<{ links: { self: string } }> }
    expect(proposals.data.length).toBeGreaterThan(0)
    const detail = await fetch(proposals.data[0]!.links.self.replace(/^https?:\/\/[^/]+/, baseUrl), { headers })
    expect(detail.status).toBe(200)
    expect(((await detail.json()) as { customer: { code: string } }).customer.code).toBe('CLI-0001')

    const docs = await fetch(`${baseUrl}/api-docs/index.html`, { redirect: 'follow' })
    expect(docs.status).toBe(200)
    expect(await docs.text()).toContain('swagger')
  }, 300_000)
})
