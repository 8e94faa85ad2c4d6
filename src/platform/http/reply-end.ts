// When Fastify is done with a reply, whether or not its client stayed to read it.
//
// A client may close its connection while its request is still being worked on (a CRM's timeout, a
// load generator stopping). Node then destroys the response and never emits 'finish' for it, so
// Fastify runs no onResponse hook; yet the handler and the onSend hooks run on to the end, and may
// change data (a creation commits its document) and query the database. When they are done,
// Fastify ends the destroyed response, which emits 'prefinish' and nothing more.
//
// Not seen here (running-requests.ts deals with what it must):
// - a pipelined request queued behind another when the client went: its response never holds the
//   socket, so it emits neither 'close' nor 'prefinish';
// - a reply Fastify's last-resort error handler destroys (the app's error handler and Fastify's
//   default one both failed): it is never ended.
import type { FastifyReply } from 'fastify'

/**
 * Calls `ended` once the reply's work is over: `delivered` when its whole answer was handed to the
 * connection, false when the client went away before the server had finished its answer.
 */
export function whenReplyEnds(reply: FastifyReply, ended: (delivered: boolean) => void): void {
  const response = reply.raw
  // One listener per request: 'close' comes after the answer is ended when it is delivered, and at
  // once when the client goes away before that.
  response.once('close', () => {
    if (response.writableEnded) ended(true)
    // Headers out but no end: a stream was being sent (static files of the API docs), which
    // Fastify stops on its own, never ending the response. Its work is over.
    else if (response.headersSent) ended(false)
    else response.once('prefinish', () => ended(false))
  })
}
