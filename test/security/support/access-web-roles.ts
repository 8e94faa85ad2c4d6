// Who may use each web page, for the role matrix: every page the app registers must be classified
// here (public, any signed-in user, or admin only), so a new admin page cannot ship open to members
// unnoticed. The lists mirror the requireRole('admin') guards in src/http/web/routes/.
import { webParamKind } from '../../support/web-record-kinds.js'

export type Audience = 'public' | 'signedIn' | 'admin'

/** Outside the web app: the API (its own matrix), its docs, static assets, the health probe. */
const NOT_WEB_PAGES = ['/api/', '/api-docs', '/assets/', '/healthz']

const PUBLIC = [/^\/$/, /^\/signup$/, /^\/login$/, /^\/login\/two-factor(\/key)?$/, /^\/logout$/, /^\/forgot-password$/, /^\/reset-password\/:token$/, /^\/verify$/, /^\/sign\/:token(\/|$)/, /^\/registration-data\/templates\/document\.css$/]

/** Settings, users, and every write and form of the registration data (lists stay readable to members). */
const ADMIN_ONLY: ReadonlyArray<{ methods: string[]; pattern: RegExp }> = [
  { methods: ['GET', 'POST'], pattern: /^\/settings\// },
  { methods: ['GET', 'POST'], pattern: /^\/registration-data\/users(\/|$)/ },
  { methods: ['POST'], pattern: /^\/registration-data\/[a-z-]+(\/|$)/ },
  { methods: ['GET'], pattern: /^\/registration-data\/[a-z-]+\/(new|:id\/edit)$/ },
  // A template's versions hold its whole body, as the editor does.
  { methods: ['GET'], pattern: /^\/registration-data\/templates\/:id\/versions(\/:version)?$/ },
]

const SIGNED_IN = [
  /^\/dashboard$/,
  /^\/reports\/sellers(\/export\.csv)?$/,
  /^\/customers(\/|$)/,
  /^\/proposals(\/|$)/,
  /^\/registration-data$/,
  /^\/registration-data\/(products|payment-methods|signer-roles|templates)$/,
  /^\/account\/(password|notifications|two-factor\/(setup|enable|recovery-codes|disable)|security-keys(\/new|\/:id\/remove)?|sessions\/(end-others|:handle\/end))$/,
]

export function isWebPage(url: string): boolean {
  return !NOT_WEB_PAGES.some((prefix) => url.startsWith(prefix))
}

export function audienceOf(method: string, url: string): Audience | undefined {
  if (PUBLIC.some((pattern) => pattern.test(url))) return 'public'
  if (ADMIN_ONLY.some((rule) => rule.methods.includes(method) && rule.pattern.test(url))) return 'admin'
  if (method === 'GET' && SIGNED_IN.some((pattern) => pattern.test(url))) return 'signedIn'
  if (method === 'POST' && SIGNED_IN.some((pattern) => pattern.test(url)) && !url.startsWith('/registration-data')) return 'signedIn'
  return undefined
}

/** The records an admin page's parameters name (a subset of test/support/web-record-kinds.ts). */
export type WebRecordKind = 'product' | 'paymentMethod' | 'signerRole' | 'template' | 'templateVersion' | 'user' | 'apiToken' | 'requestLog' | 'webhook' | 'outboxEmail' | 'webhookDelivery'

/** The URL with every parameter replaced by the id of a real record; undefined names an unclassified parameter. */
export function fillIds(url: string, ids: Record<WebRecordKind, number>): string | undefined {
  let unknown = false
  const filled = url.replace(/:([a-zA-Z_]+)/g, (_match, name: string) => {
    const kind = webParamKind(url, name)
    const id = kind === undefined ? undefined : (ids as Partial<Record<string, number>>)[kind]
    if (id === undefined) unknown = true
    return id === undefined ? '' : String(id)
  })
  return unknown ? undefined : filled
}
