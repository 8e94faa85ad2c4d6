// Housekeeping that runs at start and then every interval (pruning old rows). A run never overlaps
// the previous one; a failure is logged and the next run tries again; stop() waits for a run in
// progress. Safe with several processes as long as the task itself is (idempotent deletes are).

export interface PeriodicTask {
  stop(): Promise<void>
}

export interface TaskLog {
  error(details: object, message: string): void
}

export function startPeriodicTask(name: string, intervalMs: number, log: TaskLog, task: () => Promise<void>): PeriodicTask {
  let running: Promise<void> | null = null
  const run = () => {
    if (running !== null) return
    running = task()
      .catch((error: unknown) => log.error({ err: error }, `${name} failed; will retry at the next run`))
      .finally(() => {
        running = null
      })
  }
  const timer = setInterval(run, intervalMs)
  timer.unref()
  run()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
