// The domain events webhooks subscribe to: the document lifecycle's (docs/LIFECYCLE.md) and the
// customers' (customers/customer-events.ts).
export const DOMAIN_EVENT_TYPES = [
  'proposal.created',
  'proposal.updated',
  'proposal.sent',
  'proposal.viewed',
  'proposal.signed',
  'proposal.rejected',
  'proposal.cancelled',
  'proposal.expired',
  'proposal.discount_approved',
  'proposal.commented',
  'signer.viewed',
  'signer.visited',
  'signer.signed',
  'signer.rejected',
  'customer.created',
  'customer.updated',
  'customer.personal_data_erased',
] as const

export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number]

export function isDomainEventType(value: unknown): value is DomainEventType {
  return typeof value === 'string' && (DOMAIN_EVENT_TYPES as readonly string[]).includes(value)
}
