// Which URLs a webhook may call (SSRF protection). A webhook makes our server send requests to an
// address a customer chose, so by default only public unicast addresses are allowed: never loopback,
// private (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10), link-local (169.254/16 —
// cloud metadata — and fe80::/10), unique-local (fc00::/7), unspecified (0.0.0.0/8, ::), multicast,
// reserved ranges, nor IPv4-mapped IPv6 forms of those. Decimal, octal and hex IPv4 notations
// (2130706433, 0x7f000001, 0177.0.0.1) are normalised by the WHATWG URL parser before the check.
// The rule is applied when an endpoint is saved and again at every delivery, on the addresses the
// connection actually uses (guardedLookup), because DNS answers can change in between.
// WEBHOOK_ALLOW_PRIVATE_URLS=on lifts it (tests, closed networks).
import dns from 'node:dns'
import type { LookupAddress, LookupOptions } from 'node:dns'
import ipaddr from 'ipaddr.js'
import { WEBHOOK_URL_MAX } from './webhook-constants.js'

/** `kind` says why a URL is refused: its syntax, or the addresses it leads to (or that it leads nowhere). */
export type UrlCheck = { ok: true; url: URL } | { ok: false; kind: 'syntax' | 'address'; reason: string }

/** True only for public unicast addresses. */
export function isPublicAddress(address: string): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''))
  } catch {
    return false
  }
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address()
  // ::/96 (the deprecated IPv4-compatible form, ::127.0.0.1) is 'unicast' to ipaddr.js but embeds
  // an IPv4 address that some stacks still route to; it is never a public endpoint.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)) return false
  return parsed.range() === 'unicast'
}

/** The URL's syntax: absolute http(s), no credentials, no fragment, bounded length. */
export function parseWebhookUrl(raw: string): UrlCheck {
  if (raw.length > WEBHOOK_URL_MAX) return { ok: false, kind: 'syntax', reason: `must be at most ${WEBHOOK_URL_MAX} characters` }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, kind: 'syntax', reason: 'must be an absolute http:// or https:// URL' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, kind: 'syntax', reason: 'must use https:// or http://' }
  if (url.username !== '' || url.password !== '') return { ok: false, kind: 'syntax', reason: 'must not contain a user name or password' }
  if (url.hash !== '') return { ok: false, kind: 'syntax', reason: 'must not contain a #fragment' }
  if (url.hostname === '') return { ok: false, kind: 'syntax', reason: 'must name a host' }
  return { ok: true, url }
}

/** Why the address rule refuses a URL: written by these functions, read back by readAddressRefusal. */
export type AddressRefusal = { kind: 'private_address' } | { kind: 'unresolved'; host: string } | { kind: 'resolves_to_private'; host: string }

export const addressRefusal = {
  privateAddress: () => 'points at a private, loopback or link-local address',
  unresolved: (host: string) => `host name "${host}" does not resolve`,
  resolvesToPrivate: (host: string) => `host name "${host}" resolves to a private, loopback or link-local address`,
}

export function readAddressRefusal(text: string): AddressRefusal | null {
  if (text === addressRefusal.privateAddress()) return { kind: 'private_address' }
  const match = /^host name "(.*)" (does not resolve|resolves to a private, loopback or link-local address)$/s.exec(text)
  if (!match) return null
  return match[2] === 'does not resolve' ? { kind: 'unresolved', host: match[1]! } : { kind: 'resolves_to_private', host: match[1]! }
}

/** The request schemas' `webhook-url` format: parseWebhookUrl's rule for the URL's form, trimmed as saved (its length is the schema's maxLength). */
export function hasWebhookUrlForm(raw: string): boolean {
  const trimmed = raw.trim()
  return trimmed.length > WEBHOOK_URL_MAX || parseWebhookUrl(trimmed).ok
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '')
}

/** Every address a host name resolves to. Injectable so tests can play DNS answers (rebinding) without a DNS server. */
export type HostResolver = (host: string) => Promise<LookupAddress[]>

export const systemResolver: HostResolver = (host) => dns.promises.lookup(host, { all: true, verbatim: true })

export interface AddressRuleOptions {
  allowPrivate: boolean
  resolve?: HostResolver
}

/** Syntax plus the address rule: every address the host resolves to must be public (unless allowed). */
export async function checkWebhookUrl(raw: string, options: AddressRuleOptions): Promise<UrlCheck> {
  const parsed = parseWebhookUrl(raw)
  return parsed.ok ? checkWebhookAddress(parsed.url, options) : parsed
}

/** The address rule alone, for a URL whose syntax passed parseWebhookUrl. */
export async function checkWebhookAddress(url: URL, options: AddressRuleOptions): Promise<UrlCheck> {
  const parsed = { ok: true, url } as const
  if (options.allowPrivate) return parsed
  const host = hostOf(url)
  if (ipaddr.isValid(host)) {
    return isPublicAddress(host) ? parsed : { ok: false, kind: 'address', reason: addressRefusal.privateAddress() }
  }
  let addresses: LookupAddress[]
  try {
    addresses = await (options.resolve ?? systemResolver)(host)
  } catch {
    return { ok: false, kind: 'address', reason: addressRefusal.unresolved(host) }
  }
  if (addresses.length === 0) return { ok: false, kind: 'address', reason: addressRefusal.unresolved(host) }
  const blocked = addresses.find((entry) => !isPublicAddress(entry.address))
  if (blocked) return { ok: false, kind: 'address', reason: addressRefusal.resolvesToPrivate(host) }
  return parsed
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/**
 * A `lookup` for http.request that refuses non-public answers, so the address connected to is the
 * address checked (no window for DNS rebinding between the check and the connection).
 */
export function guardedLookup(allowPrivate: boolean, resolve?: HostResolver) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    const answer = resolve ? resolve(hostname) : dns.promises.lookup(hostname, { ...options, all: true })
    answer.then((list) => {
      if (!allowPrivate && (list.length === 0 || list.some((entry) => !isPublicAddress(entry.address)))) {
        const refused = Object.assign(new Error(addressRefusal.resolvesToPrivate(hostname)), { code: 'EWEBHOOKADDR' })
        return callback(refused, '')
      }
      if (options.all) return callback(null, list)
      const first = list[0]!
      return callback(null, first.address, first.family)
    }, (error: NodeJS.ErrnoException) => callback(error, ''))
  }
}
