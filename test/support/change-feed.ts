// Reading a change feed (GET /api/v1/proposals, GET /api/v1/customer-changes) as an integrator
// does: one page, or every page from a query on, following meta.next_cursor.
import { expect } from 'vitest'
import type { TestAccount } from './factories.js'
import type { TestApp } from './test-app.js'

export interface FeedPage<Item> {
  data: Item[]
  meta: { per_page: number; next_cursor: string | null }
}

export function changeFeed<Item extends { id: number }>(env: TestApp, path: string) {
  const list = (account: TestAccount, query = '') => env.app.inject({ method: 'GET', url: `${path}${query}`, headers: account.auth })
  const listOk = async (account: TestAccount, query = ''): Promise<FeedPage<Item>> => {
    const response = await list(account, query)
    expect(response.statusCode, response.body).toBe(200)
    return response.json<FeedPage<Item>>()
  }
  /** Every page from `query` on; the ids in the order read. */
  const walk = async (account: TestAccount, query: Record<string, string>): Promise<number[]> => {
    const ids: number[] = []
    let after: string | null = null
    do {
      const params = new URLSearchParams({ ...query, ...(after ? { after } : {}) })
      const page = await listOk(account, `?${params}`)
      ids.push(...page.data.map((item) => item.id))
      after = page.meta.next_cursor
    } while (after !== null)
    return ids
  }
  return { list, listOk, walk }
}

/** The stored change times have millisecond precision: a step waits for the next millisecond. */
export const nextMillisecond = () => new Promise((resolve) => setTimeout(resolve, 3))
