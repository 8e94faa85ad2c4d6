// A real SMTP server in the test process (smtp-server), keeping every message it accepts parsed
// by mailparser, so tests assert on what actually crossed the wire.
import { simpleParser, type ParsedMail } from 'mailparser'
import net from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll } from 'vitest'
import type { Clock } from '../../src/platform/clock.js'

export interface SmtpReceiver {
  url: string
  messages: ParsedMail[]
  /** SMTP connections the server accepted, and those since closed. */
  connections: { opened: number; closed: number }
  /** Messages sent to `address`. */
  to(address: string): ParsedMail[]
  close(): Promise<void>
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const messages: ParsedMail[] = []
  const connections = { opened: 0, closed: 0 }
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no self-signed STARTTLS for nodemailer to trip over.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      connections.opened++
      callback()
    },
    onClose() {
      connections.closed++
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          messages.push(parsed)
          callback()
        },
        (error: Error) => callback(error),
      )
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.server.address() as net.AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    connections,
    to: (address) => messages.filter((message) => addressesOf(message).includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export function addressesOf(message: ParsedMail): string[] {
  const to = message.to === undefined ? [] : Array.isArray(message.to) ? message.to : [message.to]
  return to.flatMap((group) => group.value.map((entry) => entry.address ?? ''))
}

/** A loopback port nothing listens on (bound, then released): connections to it are refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/**
 * A receiver for the suite it is called in: started before its tests, closed after. `options`
 * builds test apps that deliver to it (SMTP_URL, set once it listens) on the given clock;
 * `delivered(env, to, pick)` runs the due jobs and returns the latest message to `to` that `pick`
 * accepts, as its reader got it.
 */
export function smtpForSuite(clock: Clock) {
  const options = { clock, env: {} as Record<string, string> }
  let receiver: SmtpReceiver | undefined
  beforeAll(async () => {
    receiver = await startSmtpReceiver()
    options.env.SMTP_URL = receiver.url
  })
  afterAll(async () => {
    await receiver?.close()
  })
  const smtp = (): SmtpReceiver => {
    if (!receiver) throw new Error('the SMTP receiver is not started yet')
    return receiver
  }
  async function delivered(env: { app: { jobs: { runDueJobs(): Promise<number> } } }, to: string, pick: (mail: ParsedMail) => boolean = () => true): Promise<ParsedMail> {
    await env.app.jobs.runDueJobs()
    const mail = smtp().to(to).filter(pick).at(-1)
    if (!mail) throw new Error(`no such message reached ${to}`)
    return mail
  }
  return { options, smtp, delivered }
}
