// The `vendoc` command (bin/vendoc.js runs the compiled file). The commands live in src/cli/,
// where runCli can be called from tests without starting a process.
import { runCli } from './cli/run-cli.js'

process.exitCode = await runCli(process.argv.slice(2), {
  io: { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
})
