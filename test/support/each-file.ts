// Runs around every test file (vitest.config.ts setupFiles). Files share their process and its
// modules, so what one file started on a module's behalf must not reach the next: the document
// thread (a process-wide worker, with its queue of each account's pieces) ends with the file.
import { afterAll } from 'vitest'
import { stopDocumentThread } from '../../src/modules/document-thread/document-thread.js'

afterAll(async () => {
  await stopDocumentThread()
})
