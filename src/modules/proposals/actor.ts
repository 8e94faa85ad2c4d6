// Who did something to a document: recorded in its history and in how it was created.
export interface Actor {
  type: 'user' | 'api_token' | 'system' | 'signer'
  id: number | null
  name: string
}

/** Vendoc itself: expiry, the next signers' invitations, the signed PDF, automatic reminders. */
export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, name: 'Vendoc' }
