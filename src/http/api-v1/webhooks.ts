// Webhook endpoints and their deliveries.
import type { ApiContext, ApiInstance } from './context.js'

export function webhookRoutes(_app: ApiInstance, _context: ApiContext): void {}
