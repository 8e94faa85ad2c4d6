// What a paginated list of the app's logs (the request log, webhook deliveries, the outbox) must
// answer, computed from the stored rows: newest first, ties broken by the higher id; and the check
// of its pages against it.
import { expect } from 'vitest'

export function newestFirstIds(rows: ReadonlyArray<{ id: number; created_at: string }>): number[] {
  return [...rows].sort((a, b) => (a.created_at === b.created_at ? b.id - a.id : a.created_at < b.created_at ? 1 : -1)).map((row) => row.id)
}

/** Pages 1, 2, the last and the one past it (50 a page) hold the expected ids, and every page says the total. */
export async function expectPages(label: string, expected: number[], listPage: (page: number) => Promise<{ ids: number[]; total: number }>): Promise<void> {
  const lastPage = Math.max(1, Math.ceil(expected.length / 50))
  for (const page of new Set([1, 2, lastPage, lastPage + 1])) {
    const listed = await listPage(page)
    expect(listed.total, label).toBe(expected.length)
    expect(listed.ids, `${label}, page ${page}`).toEqual(expected.slice((page - 1) * 50, page * 50))
  }
}
