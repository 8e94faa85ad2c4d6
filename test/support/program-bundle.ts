// Programs of the repository prebundled with esbuild, from the current src/, for tests that start
// many processes: loading ~400 separate modules, or transpiling them through tsx, costs about a
// second of CPU per start on a small machine; one bundle loads in a fraction of that. Built when a
// test file starts (the worker threads' once per run, by global-setup.ts; not in watch mode, where
// they would go stale), into node_modules/.cache (ignored by git; node_modules is on the
// resolution path of the externals left out of the bundle).
import { build, type BuildOptions } from 'esbuild'
import fs from 'node:fs'
import path from 'node:path'

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..')

/**
 * Worker threads the programs start from a file next to their own module (`new URL('./…-worker.mjs',
 * import.meta.url)`): every bundle carries them under those names.
 */
const WORKERS = {
  'request-log-worker': path.join(REPO_ROOT, 'src', 'modules', 'integrations', 'request-log', 'request-log-worker.ts'),
  'document-thread-worker': path.join(REPO_ROOT, 'src', 'modules', 'document-thread', 'document-thread-worker.ts'),
}

/** No run lasts this long: an older bundle is one whose process was killed before removing it. */
const STALE_AFTER_MS = 60 * 60 * 1000

function sweepStaleBundles(cacheRoot: string): void {
  for (const entry of fs.readdirSync(cacheRoot)) {
    const dir = path.join(cacheRoot, entry)
    if (Date.now() - fs.statSync(dir).mtimeMs > STALE_AFTER_MS) fs.rmSync(dir, { recursive: true, force: true })
  }
}

export interface ProgramBundle {
  /** The path of an entry point's bundled script. */
  script(entry: string): string
  remove(): void
}

/**
 * Bundles each group of entry points in one build (they share chunks); the first group also holds
 * the worker threads. A group apart shares nothing with the others, so it loads only its own modules.
 */
export async function bundlePrograms(name: string, groups: Array<Record<string, string>>): Promise<ProgramBundle> {
  const cacheRoot = path.join(REPO_ROOT, 'node_modules', '.cache', name)
  fs.mkdirSync(cacheRoot, { recursive: true })
  sweepStaleBundles(cacheRoot)
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
    splitting: true,
  } satisfies BuildOptions
  await Promise.all(groups.map((entryPoints, index) => build({ ...common, entryPoints: index === 0 ? { ...entryPoints, ...WORKERS } : entryPoints })))
  return {
    script: (entry) => path.join(outdir, `${entry}.mjs`),
    remove: () => fs.rmSync(outdir, { recursive: true, force: true }),
  }
}
