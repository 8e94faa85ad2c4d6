// The order test files start in: the longest known ones first, then vitest's own order. Without
// durations from an earlier run (CI's clean clone), vitest starts the largest files in bytes first,
// and a long file need not be large: in a measured run the web form fuzz (8.5 KB, 254 s) started
// 898 s into a 1,562 s run and nearly ended it alone. The list is a hint from that run's
// durations, not a rule: a file missing from it only starts in vitest's order.
import { BaseSequencer, type TestSpecification } from 'vitest/node'

const LONGEST_FIRST = [
  'test/security/web-form-fuzz.test.ts',
  'test/reliability/sqlite-crash.test.ts',
  'test/cli/cli.test.ts',
  'test/security/openapi-fuzz.test.ts',
  'test/reliability/soak.test.ts',
  'test/e2e/demo-command.test.ts',
  'test/api-v1/quota.test.ts',
  'test/web/signing-flow-browser.test.ts',
  'test/reliability/postgres-crash.test.ts',
  'test/lifecycle/signer-email-code.test.ts',
]

function rank(spec: TestSpecification): number {
  const index = LONGEST_FIRST.findIndex((file) => spec.moduleId.endsWith(`/${file}`))
  return index === -1 ? LONGEST_FIRST.length : index
}

export default class LongestFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files)
    // The isolated project's files still go first, as vitest orders them: a shared process that
    // finds one next in line is ended instead of reused. Array.prototype.sort is stable: files of
    // equal rank keep vitest's order.
    return ordered.sort((a, b) => Number(b.project.config.isolate) - Number(a.project.config.isolate) || rank(a) - rank(b))
  }
}
