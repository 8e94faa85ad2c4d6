// Parent side of server-child.ts and writer-child.ts: spawn a process that loads the application,
// start it when needed, SIGKILL it. Only the processes started here are ever signalled (by their own pid).
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import readline from 'node:readline'

export class WarmProcess {
  readonly child: ChildProcess
  private readonly lines: string[] = []
  private waiters: Array<() => void> = []
  private stderr = ''
  private readonly stdoutClosed: Promise<unknown>

  /** `script`: a bundled child (server-bundle.ts); `onLine` sees every line it prints on stdout. */
  constructor(script: string, env: Record<string, string>, private readonly onLine?: (line: string) => void) {
    this.child = spawn(process.execPath, [script], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    this.stdoutClosed = new Promise((resolve) => this.child.stdout!.once('close', resolve))
    readline.createInterface({ input: this.child.stdout! }).on('line', (line) => {
      if (this.onLine) this.onLine(line)
      if (line === 'warm' || line === 'ready') this.lines.push(line)
      this.wake()
    })
    this.child.stderr!.on('data', (chunk: Buffer) => {
      // Keep the tail only: a long run must not accumulate every warning.
      this.stderr = (this.stderr + chunk.toString()).slice(-8_000)
    })
    this.child.once('exit', () => this.wake())
  }

  get pid(): number {
    return this.child.pid!
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null
  }

  /** CPU seconds (user + system, all threads) the process has used so far; 0 once it is gone. */
  cpuSeconds(): number {
    try {
      const stat = fs.readFileSync(`/proc/${this.pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // utime and stime, in clock ticks of 1/100 s (USER_HZ).
      return (Number(fields[11]) + Number(fields[12])) / 100
    } catch {
      return 0
    }
  }

  /** The end of what the process wrote on stderr (for failure messages). */
  get errorOutput(): string {
    return this.stderr
  }

  private wake(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const wake of waiters) wake()
  }

  private async waitFor(line: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!this.lines.includes(line)) {
      if (this.exited) throw new Error(`server process ${this.pid} exited (${this.child.exitCode ?? this.child.signalCode}) before "${line}": ${this.stderr}`)
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`server process ${this.pid} did not print "${line}" within ${timeoutMs} ms: ${this.stderr}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  /** Resolves once the application is loaded (the database is not open yet). */
  warm(timeoutMs = 60_000): Promise<void> {
    return this.waitFor('warm', timeoutMs)
  }

  /** Opens the database, migrates, builds and listens; resolves when it accepts requests. */
  async start(timeoutMs = 60_000): Promise<void> {
    await this.warm(timeoutMs)
    this.send('go')
    await this.waitFor('ready', timeoutMs)
  }

  /** Sends one command line to the process (see stdin-commands.ts). */
  send(command: string): void {
    this.child.stdin!.write(`${command}\n`)
  }

  /**
   * SIGKILL: no handler runs, nothing is flushed. Resolves once the process is gone and every line
   * it had written (stdout writes to a pipe are synchronous on Linux) has been read.
   */
  async kill(): Promise<void> {
    if (!this.exited) {
      const gone = new Promise((resolve) => this.child.once('exit', resolve))
      this.child.kill('SIGKILL')
      await gone
    }
    await this.stdoutClosed
  }
}
