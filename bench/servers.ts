// Starting and stopping the servers under measurement as child processes, and reading their
// memory and CPU from /proc. Every started server is tracked so a failed run stops them all.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'

export interface RunningServer {
  url: string
  child: ChildProcess
  rssMb(): number
  /** CPU seconds (user + system, every thread) the server process has used so far. */
  cpuSeconds(): number
  stop(): Promise<void>
}

// USER_HZ, 100 on every Linux this runs on (getconf CLK_TCK).
const CLOCK_TICKS_PER_SECOND = 100

const running = new Set<RunningServer>()
let closed = false

/** Stops every server still running (after a failure or an interrupt) and refuses to start more. */
export async function stopAllServers(): Promise<void> {
  closed = true
  await Promise.all([...running].map((server) => server.stop()))
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/**
 * Starts `script` and waits for its /healthz. A shell script (the API's scripts/start.sh, what
 * `npm start` runs) is run by sh and must exec Node, so the child's PID is the server's; anything
 * else is run by this Node with `nodeArgs`.
 */
export async function startServer(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<RunningServer> {
  // An interrupt stops the servers while the run is still awaiting something: nothing may start after.
  if (closed) throw new Error('the benchmark is stopping')
  const port = await freePort()
  const [command, args]: [string, string[]] = script.endsWith('.sh') ? ['sh', [script]] : [process.execPath, [...nodeArgs, script]]
  const child = spawn(command, args, { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] })
  const url = `http://127.0.0.1:${port}`
  const server: RunningServer = {
    url,
    child,
    rssMb() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8')
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
    },
    cpuSeconds() {
      // Fields 14 and 15 of /proc/PID/stat (after the parenthesised command name): utime and stime in
      // clock ticks, summed over every thread of the process (the request log's worker included).
      const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND
    },
    stop: () =>
      new Promise((resolve) => {
        running.delete(server)
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
  running.add(server)
  for (let attempt = 0; ; attempt += 1) {
    if (closed) {
      await server.stop()
      throw new Error('the benchmark is stopping')
    }
    if (await fetch(`${url}/healthz`).then((r) => r.ok).catch(() => false)) return server
    if (child.exitCode !== null || attempt >= 300) {
      await server.stop()
      throw new Error(`${script} ${child.exitCode !== null ? `exited with ${child.exitCode}` : 'did not answer /healthz within 30 s'}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
