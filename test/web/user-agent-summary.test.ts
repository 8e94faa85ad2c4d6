// How Minha conta → Sessões names a device from its User-Agent: real headers of the browsers
// people use (the ones that also claim Chrome, Safari or Linux are told apart), an unusual client
// shown as sent and cut short, and a session from before devices were recorded.
import { describe, expect, it } from 'vitest'
import { deviceName, summarizeUserAgent } from '../../src/http/web/user-agent-summary.js'

const REAL_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chrome 131 no Windows'],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86', 'Edge 131 no Windows'],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0', 'Opera 115 no Windows'],
  ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox 133 no Linux'],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', 'Safari 18 no macOS'],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1', 'Safari 17 no iPhone'],
  ['Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1', 'Safari 17 no iPad'],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1', 'Chrome 131 no iPhone'],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15', 'Firefox 133 no iPhone'],
  ['Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', 'Chrome 131 no Android'],
  ['Mozilla/5.0 (Linux; Android 13; SM-S901B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36', 'Samsung Internet 26 no Android'],
  ['Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chrome 131 no ChromeOS'],
  ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.264 Safari/537.36', 'Chrome 131 no Linux'],
]

describe('naming a device from its User-Agent', () => {
  it.each(REAL_HEADERS)('%s → %s', (header, expected) => {
    expect(deviceName(header)).toBe(expected)
  })

  it('names the browser or the system alone when only one is known', () => {
    expect(summarizeUserAgent('Mozilla/5.0 (Windows NT 10.0) SomethingNew/2.0')).toEqual({ browser: null, system: 'Windows' })
    expect(deviceName('Mozilla/5.0 (Windows NT 10.0) SomethingNew/2.0')).toBe('Windows')
    expect(deviceName('Mozilla/5.0 (compatible) Firefox/128.0')).toBe('Firefox 128')
  })

  it('shows an unusual client as sent, cut at 80 characters', () => {
    expect(deviceName('curl/8.5.0')).toBe('curl/8.5.0')
    const long = `Robô-${'x'.repeat(200)}`
    expect(deviceName(long)).toBe(`${long.slice(0, 80)}…`)
  })

  it('calls a session without a recorded User-Agent an unknown device', () => {
    expect(deviceName(null)).toBe('Dispositivo desconhecido')
  })
})
