// Which kind of record each parameter of a web page's URL names: `:id` by the start of the URL,
// the others by their name. The tests that walk the route table (tenant isolation, roles,
// headers, XSS) fill URLs from it, so a page whose parameter is missing here fails them all.
export type WebRecordKind =
  | 'customer' | 'proposal' | 'product' | 'paymentMethod' | 'signerRole' | 'template' | 'user' | 'apiToken' | 'requestLog' | 'outboxEmail'
  | 'webhook' | 'webhookDelivery' | 'signToken' | 'resetToken' | 'securityKey' | 'webSession' | 'templateVersion' | 'attachment'

const KIND_BY_PREFIX: ReadonlyArray<[string, WebRecordKind]> = [
  ['/customers/', 'customer'],
  ['/proposals/', 'proposal'],
  ['/registration-data/products/', 'product'],
  ['/registration-data/payment-methods/', 'paymentMethod'],
  ['/registration-data/signer-roles/', 'signerRole'],
  ['/registration-data/templates/', 'template'],
  ['/registration-data/users/', 'user'],
  ['/settings/integrations/tokens/', 'apiToken'],
  ['/settings/integrations/requests/', 'requestLog'],
  ['/settings/emails/', 'outboxEmail'],
  ['/settings/webhooks/', 'webhook'],
  ['/account/security-keys/', 'securityKey'],
]

// `:version` is a template's version number (1, 2, …), found only through the template's own `:id`.
const KIND_BY_PARAM: Readonly<Record<string, WebRecordKind>> = { deliveryId: 'webhookDelivery', token: 'signToken', handle: 'webSession', version: 'templateVersion', attachmentId: 'attachment' }

/** The kind of record the parameter `name` of `url` names; undefined for an unclassified one. */
export function webParamKind(url: string, name: string): WebRecordKind | undefined {
  if (name === 'token' && url.startsWith('/reset-password/')) return 'resetToken'
  return name === 'id' ? KIND_BY_PREFIX.find(([prefix]) => url.startsWith(prefix))?.[1] : KIND_BY_PARAM[name]
}
