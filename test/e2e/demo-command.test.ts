// The README's first command, `npm run demo`, as a person runs it: it builds, seeds the demo, prints
// the token and serves the API with demo data. (Dependencies are already installed here, so the
// script's `npm ci` step is skipped; CI runs it on a clean clone after `npm ci`.)
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from '../support/free-port.js'
import { removeSqliteFiles } from '../../src/platform/db/sqlite-database.js'


/**
 * The server process listening on `port` (npm and sh start it, then exec Node): the one whose
 * environment names that port and whose command line runs dist/server.js.
 */
function serverProcessOn(port: number): { pid: number; environment: Map<string, string> } | null {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const environment = new Map(
        fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as [string, string]),
      )
      const commandLine = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
      if (environment.get('PORT') === String(port) && commandLine.some((part) => part.endsWith('dist/server.js'))) return { pid: Number(entry), environment }
    } catch {
      // A process that ended meanwhile, or one of another user.
    }
  }
  return null
}

async function waitUntilHealthy(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 240_000
  let healthy = false
  while (!healthy && Date.now() < deadline && child.exitCode === null) {
    healthy = await fetch(`${baseUrl}/healthz`).then((response) => response.ok).catch(() => false)
    if (!healthy) await new Promise((resolve) => setTimeout(resolve, 500))
  }
  expect(healthy, output()).toBe(true)
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (child?.pid && child.exitCode === null) {
    process.kill(-child.pid, 'SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
  }
}

describe('npm run demo', () => {
  const file = path.join(os.tmpdir(), `vendoc-demo-${process.pid}-${Date.now()}.sqlite`)
  let child: ChildProcess | undefined

  afterAll(async () => {
    await stop(child)
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
    await waitUntilHealthy(baseUrl, child, () => output)

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

    // It serves through scripts/start.sh, as `npm start` does: glibc's malloc arenas limited to two.
    expect(serverProcessOn(port)?.environment.get('MALLOC_ARENA_MAX'), output).toBe('2')
  }, 300_000)

  // After the demo's test, which built dist/ (the files of one test file run in order).
  it('`npm start` limits the malloc arenas to two, unless the operator chose a number', async () => {
    for (const [given, expected] of [[undefined, '2'], ['4', '4']] as const) {
      const port = await freePort()
      const environment: Record<string, string | undefined> = { ...process.env, DATABASE_URL: `sqlite:${file}`, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', MALLOC_ARENA_MAX: given }
      if (given === undefined) delete environment.MALLOC_ARENA_MAX
      const started = spawn('npm', ['start'], { env: environment, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
      let output = ''
      started.stdout!.on('data', (chunk) => (output += chunk))
      started.stderr!.on('data', (chunk) => (output += chunk))
      try {
        await waitUntilHealthy(`http://127.0.0.1:${port}`, started, () => output)
        expect(serverProcessOn(port)?.environment.get('MALLOC_ARENA_MAX'), output).toBe(expected)
      } finally {
        await stop(started)
      }
    }
  }, 120_000)
})
