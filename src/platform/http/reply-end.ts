// When Fastify is done with a reply, whether or not its client stayed to read it.
//
// A client may close its connection while its request is still being worked on (a CRM's timeout, a
// load generator stopping). Node then destroys the response and never emits 'finish' for it, so
// Fastify runs no onResponse hook; yet the handler and the onSend hooks run on to the end, and may
// change data (a creation commits its document) and query the database. When they are done,
// Fastify ends the destroyed response, which emits 'prefinish' and nothing more.
//
// A pipelined request queued behind another is harder: if its client goes, its response never
// gets the socket and emits nothing at all, so the connection's own 'close' is watched, then the
// response, until Fastify ends it or starts streaming it (a stream to a response with no socket
// stalls, and is never ended), for at most QUEUED_WATCH_MS.
//
// Not seen here: a reply Fastify's last-resort error handler destroys (the app's error handler and
// Fastify's default one both failed) is never ended (the shutdown's wait is bounded in app.ts).
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ServerResponse } from 'node:http'

/** How often a queued response whose connection closed is looked at until Fastify is done with it. */
const QUEUED_POLL_MS = 50
/** After this a queued response whose connection closed is reported ended anyway, so that nothing waits on it for ever. */
const QUEUED_WATCH_MS = 60_000

/**
 * Calls `ended` once the reply's work is over: `delivered` when its whole answer was handed to the
 * connection, false when the client went away before the server had finished its answer.
 */
export function whenReplyEnds(request: FastifyRequest, reply: FastifyReply, ended: (delivered: boolean) => void): void {
  const response = reply.raw
  // Usually one listener and no other allocation: this runs on every request.
  if (response.socket !== null) {
    response.once('close', () => onClose(response, ended))
    return
  }
  let reported = false
  const report = (delivered: boolean) => {
    if (reported) return
    reported = true
    ended(delivered)
  }
  response.once('close', () => onClose(response, report))
  const connection = request.raw.socket
  const onConnectionClose = () => {
    if (reported) return
    const watchedSince = Date.now()
    const done = () => response.writableEnded || response.headersSent || response.destroyed || Date.now() - watchedSince > QUEUED_WATCH_MS
    if (done()) return report(false)
    const timer = setInterval(() => {
      if (!done()) return
      clearInterval(timer)
      report(false)
    }, QUEUED_POLL_MS)
    timer.unref()
  }
  connection.once('close', onConnectionClose)
  // Once it holds the socket its own 'close' reports it: the connection's listener goes, or a
  // long keep-alive connection of pipelined requests would gather one per request.
  response.once('socket', () => connection.removeListener('close', onConnectionClose))
}

function onClose(response: ServerResponse, ended: (delivered: boolean) => void): void {
  // 'close' comes after the answer is ended when it is delivered, and at once when the client
  // goes away before that.
  if (response.writableEnded) ended(true)
  // Headers out but no end: a stream was being sent (static files of the API docs), which Fastify
  // stops on its own, never ending the response. Its work is over.
  else if (response.headersSent) ended(false)
  else response.once('prefinish', () => ended(false))
}
