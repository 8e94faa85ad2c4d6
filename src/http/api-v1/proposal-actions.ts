// PATCH /proposals/{id} and the lifecycle actions (send, resend, cancel, mark-signed).
import type { ApiContext, ApiInstance } from './context.js'

export function proposalActionRoutes(_app: ApiInstance, _context: ApiContext): void {}
