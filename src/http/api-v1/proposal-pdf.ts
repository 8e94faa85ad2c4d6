// GET /proposals/{id}/pdf: the document's PDF (original, or signed with its evidence page).
import type { ApiContext, ApiInstance } from './context.js'

export function proposalPdfRoutes(_app: ApiInstance, _context: ApiContext): void {}
