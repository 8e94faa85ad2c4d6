// Test runner configuration. Files run in parallel in separate processes (each builds its own
// SQLite file and PostgreSQL database, so they share nothing); tests inside a file run in order.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Each of the three processes runs its files one after another and keeps the modules they
    // imported. With a fresh process per file, each file spent 3–7 s of CPU importing the app's
    // ~400 modules again: the whole run took 1,562 s, the same suite sharing them 871 s (session 52).
    // Files share no state through modules: each builds its own app on its own database and closes it.
    isolate: false,
    // Vitest's default is one worker less than the cores: on a 2-core machine (CI's), one file at a
    // time. Many files mostly wait (PostgreSQL, child processes, Chromium, SMTP), so three overlap.
    maxWorkers: 3,
    globalSetup: ['test/support/global-setup.ts'],
    // Every app a test builds, in the test's process or a child's, checks that each answer is
    // byte-identical to its response schema's serialization (src/platform/http/serialization.ts).
    env: { VENDOC_CHECK_RESPONSES: 'on' },
    sequence: { concurrent: false, shuffle: false },
    // Creating a PostgreSQL database and migrating it takes a moment on a busy machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
})
