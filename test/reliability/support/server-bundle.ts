// The server as one prebundled program (support/program-bundle.ts), so the crash and soak tests can
// start hundreds of server processes cheaply.
import path from 'node:path'
import { bundlePrograms, REPO_ROOT } from '../../support/program-bundle.js'

export interface ServerBundle {
  /** Prints "warm", waits for "go" on stdin, then starts like src/server.ts (server-child.ts). */
  childScript: string
  /** Creates documents like the API route, without HTTP (writer-child.ts). */
  writerScript: string
  /** src/server.ts itself. */
  serverScript: string
  remove(): void
}

export async function bundleServer(): Promise<ServerBundle> {
  const bundle = await bundlePrograms('vendoc-reliability', [
    { 'server-child': path.join(import.meta.dirname, 'server-child.ts'), 'vendoc-server': path.join(REPO_ROOT, 'src', 'server.ts') },
    // Built apart so it shares no chunk with the server: it loads only the modules it uses.
    { 'writer-child': path.join(import.meta.dirname, 'writer-child.ts') },
  ])
  return {
    childScript: bundle.script('server-child'),
    writerScript: bundle.script('writer-child'),
    serverScript: bundle.script('vendoc-server'),
    remove: bundle.remove,
  }
}
