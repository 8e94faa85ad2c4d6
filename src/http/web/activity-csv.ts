// Configurações → Atividade as a spreadsheet: every entry the page's filters find, newest first,
// with the instant to the second, who made the change and as what (a user, an integration, support),
// what was changed and the page's details, one per line of the cell. For an auditor or a compliance
// file; the API's walk by id (GET /api/v1/account-activity?after=) is the machine-readable export.
// Produced batch by batch as the response is sent (activityBatches), as the documents' CSV.
import { activityBatches, type ActivityFilters, type ActivityView } from '../../modules/accounts/account-activity.js'
import type { Db } from '../../platform/db/connect.js'
import { CSV_BOM, csvDateTime, csvLine } from '../../platform/csv.js'
import { t } from './i18n/pt-BR.js'
import { activityDetails, authorName } from './pages/activity-page.js'

const ta = t.activity

function entryLine(entry: ActivityView, timeZone: string): string {
  const details = activityDetails(entry).map((line) => (typeof line === 'string' ? line : line.text))
  return csvLine([
    csvDateTime(entry.at, timeZone, { seconds: true }),
    authorName(entry.actor),
    ta.csv.actorTypes[entry.actor.type],
    ta.actions[entry.action] ?? entry.action,
    entry.target.label === '' ? null : entry.target.label,
    details.length === 0 ? null : details.join('\n'),
    entry.ip,
  ])
}

export async function* activityCsv(db: Db, account: { id: number; timeZone: string }, filters: Omit<ActivityFilters, 'after'>): AsyncGenerator<string> {
  yield CSV_BOM + csvLine([ta.csv.at, ta.who, ta.csv.actorType, ta.what, ta.csv.item, ta.details, ta.ip])
  for await (const entries of activityBatches(db, account.id, filters)) yield entries.map((entry) => entryLine(entry, account.timeZone)).join('')
}
