// last_used_at is written fire-and-forget after the request answers (record-token-use.ts), so a
// test that reads it right after a request must wait for the write to land.
import { expect } from 'vitest'
import type { TestApp } from './test-app.js'

export async function tokenRow(env: TestApp, id: number) {
  return env.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

/** Polls until the token's last_used_at equals `expected` (or fails the test after ~2 s). */
export async function lastUsedBecomes(env: TestApp, id: number, expected: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await tokenRow(env, id)).last_used_at === expected) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  expect((await tokenRow(env, id)).last_used_at).toBe(expected)
}
