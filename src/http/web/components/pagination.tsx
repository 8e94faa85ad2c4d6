// Previous/next links for a paged list, keeping the list's filters in the URL.
import { t } from '../i18n/pt-BR.js'

export interface PaginationProps {
  /** The list's path, e.g. "/customers". */
  path: string
  /** The current filters (empty values are left out of the links). */
  query: Record<string, string | number | undefined>
  page: number
  perPage: number
  total: number
}

export function pageHref(path: string, query: PaginationProps['query'], page: number): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '' && key !== 'page') params.set(key, String(value))
  if (page > 1) params.set('page', String(page))
  const search = params.toString()
  return search ? `${path}?${search}` : path
}

export function Pagination({ path, query, page, perPage, total }: PaginationProps) {
  const pages = Math.max(1, Math.ceil(total / perPage))
  if (page > pages && total > 0) {
    return (
      <nav class="pagination" aria-label={t.pagination.label}>
        <p class="pagination-summary">{t.pagination.pastLast(page, pages, total)}</p>
        <div class="pagination-links"><a class="button ghost" href={pageHref(path, query, 1)}>{t.pagination.first}</a></div>
      </nav>
    )
  }
  if (pages <= 1) return <p class="pagination-summary muted">{t.pagination.total(total)}</p>
  return (
    <nav class="pagination" aria-label={t.pagination.label}>
      <p class="pagination-summary muted">{t.pagination.summary(page, pages, total)}</p>
      <div class="pagination-links">
        {page > 1 ? <a class="button ghost" href={pageHref(path, query, page - 1)} rel="prev">{t.pagination.previous}</a> : <span class="button ghost disabled" aria-disabled="true">{t.pagination.previous}</span>}
        {page < pages ? <a class="button ghost" href={pageHref(path, query, page + 1)} rel="next">{t.pagination.next}</a> : <span class="button ghost disabled" aria-disabled="true">{t.pagination.next}</span>}
      </div>
    </nav>
  )
}

/** A page number from the query: a positive integer, else 1. */
export function pageNumber(raw: unknown): number {
  const page = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 1
  return page >= 1 ? page : 1
}
