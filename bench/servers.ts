// Starting and stopping the servers under measurement as child processes.
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

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

export async function startServer(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<RunningServer> {
  const port = await freePort()
  const child = spawn(process.execPath, [...nodeArgs, script], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] })
  const url = `http://127.0.0.1:${port}`
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok).catch(() => false)) break
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
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
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
