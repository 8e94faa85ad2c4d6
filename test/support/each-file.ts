// Runs around every test file (vitest.config.ts setupFiles). Files share their process and its
// modules, so what one file started on a module's behalf must not reach the next: the document
// thread (a process-wide worker) ends with the file, so each file starts a new one as before.
import { afterAll } from 'vitest'
import { stopDocumentThread } from '../../src/modules/document-thread/document-thread.js'

afterAll(async () => {
  await stopDocumentThread()
})
