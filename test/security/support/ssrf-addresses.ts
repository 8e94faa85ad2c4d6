// The disguises of a loopback, private, link-local or otherwise non-public address that a webhook
// URL can take, beyond the literal ones in test/webhooks/webhooks-api.test.ts, and the host names
// of this machine's /etc/hosts that point at loopback.
import fs from 'node:fs'
import ipaddr from 'ipaddr.js'

/** URL hosts (with the tripwire's port where they would reach it) that the policy must refuse. */
export function disguisedHosts(port: number): string[] {
  return [
    // IPv6: unspecified, loopback spelled out, IPv4-mapped private/loopback in both notations, unique-local, multicast, link-local.
    `[::]:${port}`,
    `[0:0:0:0:0:0:0:1]:${port}`,
    `[0000:0000:0000:0000:0000:0000:0000:0001]:${port}`,
    `[::ffff:127.0.0.1]:${port}`,
    `[::ffff:7f00:1]:${port}`,
    `[0:0:0:0:0:ffff:127.0.0.1]:${port}`,
    '[::ffff:10.0.0.1]',
    '[::ffff:169.254.169.254]',
    '[::ffff:192.168.0.1]',
    // The deprecated IPv4-compatible form (::127.0.0.1) and NAT64 / 6to4 / Teredo embeddings.
    `[::127.0.0.1]:${port}`,
    `[::7f00:1]:${port}`,
    '[64:ff9b::7f00:1]',
    '[64:ff9b::a00:1]',
    '[2002:7f00:1::]',
    '[2001::1]',
    '[fc00::1]',
    '[fdff:ffff::1]',
    '[ff02::1]',
    '[ff05::2]',
    '[fe80::1]',
    '[febf::1]',
    '[100::1]',
    '[2001:db8::1]',
    // IPv4 short, decimal, octal and hex forms the URL parser turns into 127.0.0.1 or 10.0.0.1.
    `127.1:${port}`,
    `127.0.1:${port}`,
    `0x7f.1:${port}`,
    `0x7f.0.0.1:${port}`,
    `0x7f.0x0.0x0.0x1:${port}`,
    `017700000001:${port}`,
    `0177.0.0.01:${port}`,
    `127.000.000.001:${port}`,
    `2130706433:${port}`,
    `0x7F000001:${port}`,
    `%31%32%37.0.0.1:${port}`,
    `0:${port}`,
    '0x0a000001',
    '167772161',
    '012.1',
    '0xa9fea9fe',
    // Reserved and special IPv4 ranges.
    '192.0.0.8',
    '192.0.2.1',
    '198.18.0.1',
    '198.51.100.1',
    '203.0.113.1',
    '240.0.0.1',
    '255.255.255.255',
    '224.0.0.251',
  ]
}

/** Names this machine's /etc/hosts maps to a non-public address (loopback on most machines), if any. */
export function hostsFileNames(): string[] {
  let text = ''
  try {
    text = fs.readFileSync('/etc/hosts', 'utf8')
  } catch {
    return []
  }
  const names = new Set<string>()
  for (const line of text.split('\n')) {
    const [address, ...aliases] = line.replace(/#.*/, '').trim().split(/\s+/)
    if (!address || !ipaddr.isValid(address.replace(/%.*$/, ''))) continue
    const range = ipaddr.process(address.replace(/%.*$/, '')).range()
    if (range === 'unicast') continue
    for (const name of aliases) if (name && !ipaddr.isValid(name)) names.add(name.toLowerCase())
  }
  return [...names]
}
