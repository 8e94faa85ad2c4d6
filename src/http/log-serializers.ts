// What the server log keeps of a request: Fastify's default fields, with the URL masked like the
// request log masks it (a token or a password put in a query string must not reach log collectors).
import type { FastifyRequest } from 'fastify'
import { maskSensitiveText } from '../modules/integrations/request-log/mask-sensitive.js'

export const logSerializers = {
  req(request: FastifyRequest) {
    return { method: request.method, url: maskSensitiveText(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort }
  },
}
