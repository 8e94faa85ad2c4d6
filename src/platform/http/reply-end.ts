// When Fastify is done with a reply, whether or not its client stayed to read it.
//
// A client may close its connection while its request is still being worked on (a CRM's timeout, a
// load generator stopping). Node then destroys the response, and Fastify never emits 'finish' for
// it, so no onResponse hook runs; yet the handler and the onSend hooks run on to the end, and may
// change data (a creation commits its document) and query the database. When they are done,
// Fastify ends the destroyed response, which emits 'prefinish' and nothing more. A response sent
// as a stream to a destroyed response is never ended: none of the API's routes answer with one.
import type { FastifyReply } from 'fastify'

/**
 * Calls `ended` once the reply's work is over: `delivered` when its whole answer was handed to the
 * connection, false when the client had gone before that.
 */
export function whenReplyEnds(reply: FastifyReply, ended: (delivered: boolean) => void): void {
  const response = reply.raw
  // One listener per request: 'close' comes after the answer is ended (and written) when it is
  // delivered, and at once when the client goes away before that. (writableFinished cannot tell
  // the two apart: Fastify's inject never sets it.)
  response.once('close', () => {
    if (response.writableEnded) ended(true)
    else response.once('prefinish', () => ended(false))
  })
}
