// Runs the `vendoc` command as a real child process against a test database, returning its exit
// status and output. The command is src/cli.ts prebundled once per test process
// (program-bundle.ts): through tsx every run cost about a second of CPU just to load.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { bundlePrograms, type ProgramBundle, REPO_ROOT } from './program-bundle.js'

const run = promisify(execFile)

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

let bundled: Promise<ProgramBundle> | undefined

async function cliScript(): Promise<string> {
  bundled ??= bundlePrograms('vendoc-cli', [{ 'vendoc-cli': path.join(REPO_ROOT, 'src', 'cli.ts') }]).then((bundle) => {
    // Vitest may end its worker without an 'exit' event; bundlePrograms sweeps what stays behind.
    process.once('exit', bundle.remove)
    return bundle
  })
  return (await bundled).script('vendoc-cli')
}

/** The command with exactly these extra variables (PATH may be replaced). */
export async function vendocWith(variables: Record<string, string>, ...args: string[]): Promise<CliResult> {
  const script = await cliScript()
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...variables }, timeout: 60_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

export function vendoc(databaseUrl: string, ...args: string[]): Promise<CliResult> {
  return vendocWith({ DATABASE_URL: databaseUrl }, ...args)
}
