// A delivery's error on the page: the log keeps (and the API returns) English text; people read it
// in Portuguese, with its dates in the account's time zone. Text of no known form is shown as stored.
import { readDeliveryError } from '../../../modules/webhooks/delivery-errors.js'
import type { AddressRefusal } from '../../../modules/webhooks/webhook-url-policy.js'
import { formatDateTime } from '../format.js'
import { t } from '../i18n/pt-BR.js'

const te = t.webhooks.deliveries.errors

function refusalText(refusal: AddressRefusal): string {
  switch (refusal.kind) {
    case 'private_address':
      return te.privateAddress
    case 'unresolved':
      return te.unresolved(refusal.host)
    case 'resolves_to_private':
      return te.resolvesToPrivate(refusal.host)
  }
}

export function DeliveryErrorText({ error, timeZone }: { error: string; timeZone: string }) {
  const read = readDeliveryError(error)
  switch (read.kind) {
    case 'not_sent':
      return <>{te.notSent(read.failures, formatDateTime(read.pausedUntil, timeZone))}</>
    case 'inactive':
      return <>{te.inactive}</>
    case 'timeout':
      return <>{te.timeout(read.ms)}</>
    case 'url_not_allowed':
      return read.refusal ? <>{`${te.urlNotAllowed} ${refusalText(read.refusal)}`}</> : <>{te.urlNotAllowed} <code>{read.reason}</code></>
    case 'address_refused':
      return <>{`${te.connectionBlocked} ${refusalText(read.refusal)}`}</>
    case 'http_status':
      return <>{read.redirect ? te.httpRedirect(read.status) : te.httpStatus(read.status)}</>
    case 'connection_refused':
      return <>{te.connectionRefused(read.address)}</>
    case 'host_not_found':
      return <>{te.hostNotFound(read.host)}</>
    case 'connection_reset':
      return <>{te.connectionReset}</>
    case 'other':
      return <code>{read.text}</code>
  }
}
