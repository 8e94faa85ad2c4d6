// A User-Agent header read as a person names their device: "Chrome 131 no Windows". Only the
// browsers and systems most people use are recognised, by the tokens each puts in its header
// (the order matters: Edge and Opera also say Chrome, Chrome also says Safari, Android also says
// Linux). Anything else is shown as sent (cut short), so an unusual client is still told apart.
import { t } from './i18n/pt-BR.js'

const ts = t.ownPassword.sessions

interface UserAgentSummary {
  /** "Chrome 131", "Safari 17"… or null when the header names no browser known here. */
  browser: string | null
  /** "Windows", "macOS", "iPhone"… or null. */
  system: string | null
}

const BROWSERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bEdgA?\/(\d+)/, 'Edge'],
  [/\bEdgiOS\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\bSamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/\bFirefox\/(\d+)/, 'Firefox'],
  [/\bFxiOS\/(\d+)/, 'Firefox'],
  [/\bCriOS\/(\d+)/, 'Chrome'],
  [/\b(?:Headless)?Chrom(?:e|ium)\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+)[.\d]* (?:Mobile\/\w+ )?Safari\//, 'Safari'],
]

const SYSTEMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bWindows\b/, 'Windows'],
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
]

export function summarizeUserAgent(header: string): UserAgentSummary {
  let browser: string | null = null
  for (const [pattern, name] of BROWSERS) {
    const match = pattern.exec(header)
    if (match) {
      browser = `${name} ${match[1]}`
      break
    }
  }
  const system = SYSTEMS.find(([pattern]) => pattern.test(header))?.[1] ?? null
  return { browser, system }
}

/** How much of an unrecognised User-Agent the table shows. */
const RAW_DEVICE_MAX = 80

/** The device as Sessões names it: "Chrome 131 no Windows", one of the two, the header cut short, or unknown (no header recorded). */
export function deviceName(userAgent: string | null): string {
  if (userAgent === null) return ts.unknownDevice
  const { browser, system } = summarizeUserAgent(userAgent)
  if (browser && system) return ts.deviceOn(browser, system)
  if (browser || system) return (browser ?? system)!
  return userAgent.length > RAW_DEVICE_MAX ? `${userAgent.slice(0, RAW_DEVICE_MAX)}…` : userAgent
}
