// Samples a process's resident memory (VmRSS in /proc/PID/status) and open file descriptors (the
// entries of /proc/PID/fd) at a fixed interval, so a soak run can compare its first and last windows.
import fs from 'node:fs'

export interface ProcessSample {
  /** Milliseconds since sampling started. */
  at: number
  rssKb: number
  fds: number
}

export class ProcessSampler {
  readonly samples: ProcessSample[] = []
  private readonly startedAt = Date.now()
  private readonly timer: NodeJS.Timeout

  constructor(
    private readonly pid: number,
    intervalMs: number,
  ) {
    this.sample()
    this.timer = setInterval(() => this.sample(), intervalMs)
  }

  private sample(): void {
    try {
      const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8')
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN)
      const fds = fs.readdirSync(`/proc/${this.pid}/fd`).length
      this.samples.push({ at: Date.now() - this.startedAt, rssKb, fds })
    } catch {
      // The process is gone; the test notices that on its own.
    }
  }

  stop(): void {
    clearInterval(this.timer)
    this.sample()
  }

  /** Samples taken in [fromMs, toMs). */
  window(fromMs: number, toMs: number): ProcessSample[] {
    return this.samples.filter((sample) => sample.at >= fromMs && sample.at < toMs)
  }
}

export function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length)
}
