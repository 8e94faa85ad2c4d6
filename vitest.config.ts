// Test runner configuration. Files run in parallel in three processes; each file builds its own
// SQLite file and PostgreSQL database, so files share no data; tests inside a file run in order.
import { configDefaults, defineConfig } from 'vitest/config'
import LongestFilesFirst from './test/support/longest-files-first.js'

/**
 * Files that replace one of the app's modules with vi.mock. In a process that keeps its modules,
 * the modules an earlier file imported still hold the real one, and the replacement would see
 * nothing (document-pdfs counts the HTML parses done on the event loop; discount-approval-send-race changes a limit while a send builds its PDF): these get a fresh process.
 */
const MOCKING_FILES = ['test/documents/document-pdfs.test.ts', 'test/lifecycle/discount-approval-send-race.test.ts', 'test/lifecycle/send-race.test.ts', 'test/web/attachment-copy-failure.test.ts']

export default defineConfig({
  test: {
    pool: 'forks',
    // Vitest's default is one worker less than the cores: on a 2-core machine (CI's), one file at a
    // time. Many files mostly wait (PostgreSQL, child processes, Chromium, SMTP), so three overlap.
    maxWorkers: 3,
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/each-file.ts'],
    // Every app a test builds, in the test's process or a child's, checks that each answer is
    // byte-identical to its response schema's serialization (src/platform/http/serialization.ts).
    env: { VENDOC_CHECK_RESPONSES: 'on' },
    sequence: { concurrent: false, shuffle: false, sequencer: LongestFilesFirst },
    // Creating a PostgreSQL database and migrating it takes a moment on a busy machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    projects: [
      {
        extends: true,
        // Each process runs its files one after another and keeps the modules they imported. With
        // a fresh process per file, each file spent 3–7 s of CPU importing the app's ~400 modules
        // again: the whole suite took 1,562 s, sharing them 871 s (measured side by side, session
        // 52). What the modules keep per process is what one server keeps for its life (the
        // document thread, caches keyed by each app or by text); each-file.ts stops the document
        // thread after every file, so each file starts with a new one as before.
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...MOCKING_FILES], isolate: false },
      },
      { extends: true, test: { name: 'isolated', include: MOCKING_FILES, isolate: true } },
    ],
  },
})
