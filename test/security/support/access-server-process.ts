// A real Vendoc server (node --import tsx src/server.ts) as a child process on a free loopback
// port, with its stdout and stderr captured: what an operator's log collector would keep.
import { spawn, type ChildProcess } from 'node:child_process'
import { freePort } from '../../support/free-port.js'

export interface ServerProcess {
  baseUrl: string
  /** Everything the process wrote so far, stdout and stderr. */
  output(): string
  /** SIGTERM (graceful: requests finish, the database closes) and wait for the exit. */
  stop(): Promise<number | null>
}

export async function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: baseUrl, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`)
    if (await fetch(`${baseUrl}/healthz`).then((response) => response.ok).catch(() => false)) break
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`the server did not answer /healthz within 60 s:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return {
    baseUrl,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      try {
        return await exited
      } finally {
        clearTimeout(timer)
      }
    },
  }
}

/** A browser and an API client over real HTTP: keeps cookies, never follows redirects, records every answer. */
export class HttpClient {
  readonly cookies = new Map<string, string>()
  readonly answers: Array<{ method: string; url: string; status: number; body: string }> = []

  constructor(private readonly baseUrl: string) {}

  async request(method: string, path: string, options: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...options.headers }
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    let body: string | undefined
    if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(options.form).toString()
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(options.json)
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: 'manual' })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';')
      const [name, value = ''] = pair!.split('=')
      if (value === '' || attributes.some((attribute) => /max-age=0/i.test(attribute.trim()))) this.cookies.delete(name!.trim())
      else this.cookies.set(name!.trim(), value)
    }
    const text = await response.text()
    const headerLines: string[] = []
    response.headers.forEach((value, name) => headerLines.push(`${name}: ${value}`))
    this.answers.push({ method, url: path, status: response.status, body: `${headerLines.join('\n')}\n\n${text}` })
    return { status: response.status, body: text, headers: response.headers }
  }
}
