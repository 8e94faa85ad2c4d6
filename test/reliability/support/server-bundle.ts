// The server as one prebundled program (esbuild, from the current src/), so the crash tests can
// start hundreds of server processes: loading ~400 separate modules, or transpiling them through
// tsx, costs seconds of CPU per start on a small machine; one bundle loads in a fraction of that.
// Built from src/ at the start of the test file, so it is never stale, into node_modules/.cache
// (ignored by git; node_modules is on the resolution path of the externals left out of it).
import { build, type BuildOptions } from 'esbuild'
import fs from 'node:fs'
import path from 'node:path'

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..')

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
  const cacheRoot = path.join(REPO_ROOT, 'node_modules', '.cache', 'vendoc-reliability')
  fs.mkdirSync(cacheRoot, { recursive: true })
  const outdir = fs.mkdtempSync(path.join(cacheRoot, 'bundle-'))
  const common = {
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    // Left out and loaded from node_modules as usual: native addons, pg's optional pg-native, and
    // packages that read their own files relative to __dirname (Swagger UI's assets, PDFKit's fonts).
    external: ['better-sqlite3', 'pg-native', '@fastify/swagger', '@fastify/swagger-ui', 'pdfkit'],
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: { js: "import { createRequire as __vendocCreateRequire } from 'node:module'; const require = __vendocCreateRequire(import.meta.url);" },
    logLevel: 'error',
    jsx: 'automatic',
    jsxImportSource: 'preact',
  } satisfies BuildOptions
  await Promise.all([
    build({
      ...common,
      entryPoints: {
        'server-child': path.join(import.meta.dirname, 'server-child.ts'),
        'vendoc-server': path.join(REPO_ROOT, 'src', 'server.ts'),
        // Loaded by the request log's worker thread from next to its client (request-log-worker-client.ts).
        'request-log-worker': path.join(REPO_ROOT, 'src', 'modules', 'integrations', 'request-log', 'request-log-worker.ts'),
      },
      splitting: true,
    }),
    // Built apart so it shares no chunk with the server: it loads only the modules it uses.
    build({ ...common, entryPoints: { 'writer-child': path.join(import.meta.dirname, 'writer-child.ts') } }),
  ])
  return {
    childScript: path.join(outdir, 'server-child.mjs'),
    writerScript: path.join(outdir, 'writer-child.mjs'),
    serverScript: path.join(outdir, 'vendoc-server.mjs'),
    remove: () => fs.rmSync(outdir, { recursive: true, force: true }),
  }
}
