// The child side of the start protocol: wait for one command line from the parent on stdin.
import readline from 'node:readline'

const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]()

/** Resolves when the parent sends `command`; exits quietly if the parent closed stdin instead. */
export async function waitForCommand(command: string): Promise<void> {
  for (;;) {
    const next = await lines.next()
    if (next.done) process.exit(0)
    if (next.value.trim() === command) return
  }
}
