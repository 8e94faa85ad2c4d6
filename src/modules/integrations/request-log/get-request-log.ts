// One entry of the account's request log. A foreign id reads exactly like a missing one.
import type { Db } from '../../../platform/db/connect.js'
import { AppError } from '../../../platform/errors.js'
import { type RequestLogDetail, toRequestLogDetail } from './request-log-mapper.js'
import { findRequestLogRow } from './request-log-repository.js'

const ENTRY_ID = /^[1-9]\d{0,14}$/

/** `reference` is the id as the caller wrote it; anything that is not a positive integer is simply not found. */
export async function getRequestLog(db: Db, accountId: number, reference: string): Promise<RequestLogDetail> {
  const row = ENTRY_ID.test(reference) ? await findRequestLogRow(db, accountId, Number(reference)) : undefined
  if (row === undefined) throw new AppError('request_log_not_found', `No request log entry ${reference} in this account.`)
  return toRequestLogDetail(row)
}
