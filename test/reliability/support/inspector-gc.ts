// Live memory of a server started with --inspect: a full garbage collection through the inspector
// (HeapProfiler.collectGarbage), then process.memoryUsage() read in the server. Sampled RSS alone
// cannot tell a leak from garbage V8 has not collected yet (it lets the old generation grow to
// ~3x the live size before a full collection, so RSS climbs for minutes under load); memory after
// a full collection can. Node 20's WebSocket is behind a flag, so a short child process with that
// flag speaks the inspector protocol.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

const CLIENT = `
const [url] = process.argv.slice(1)
const socket = new WebSocket(url)
let id = 0
const pending = new Map()
const call = (method, params = {}) => new Promise((resolve, reject) => {
  id += 1
  pending.set(id, { resolve, reject })
  socket.send(JSON.stringify({ id, method, params }))
})
socket.onmessage = (event) => {
  const message = JSON.parse(event.data)
  const waiter = pending.get(message.id)
  if (!waiter) return
  pending.delete(message.id)
  message.error ? waiter.reject(new Error(message.error.message)) : waiter.resolve(message.result)
}
socket.onopen = async () => {
  await call('HeapProfiler.collectGarbage')
  await call('HeapProfiler.collectGarbage')
  const result = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })
  console.log(result.result.value)
  socket.close()
  process.exit(0)
}
socket.onerror = (error) => { console.error(String(error.message ?? error)); process.exit(1) }
`

export interface LiveMemory {
  rssMb: number
  heapUsedMb: number
}

export async function liveMemory(inspectorPort: number): Promise<LiveMemory> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>
  const { stdout } = await run(process.execPath, ['--experimental-websocket', '--no-warnings', '-e', CLIENT, targets[0]!.webSocketDebuggerUrl], { timeout: 60_000 })
  const usage = JSON.parse(stdout) as { rss: number; heapUsed: number }
  return { rssMb: usage.rss / 2 ** 20, heapUsedMb: usage.heapUsed / 2 ** 20 }
}
