// Who did something to a document: recorded in its history and in how it was created.
export interface Actor {
  type: 'user' | 'api_token' | 'system' | 'signer'
  id: number | null
  name: string
}

/** Vendoc itself: expiry, the next signers' invitations, the signed PDF, automatic reminders. */
export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, name: 'Vendoc' }

/** Who acted, as an e-mail to the team names them: an API token speaks for the integration it was made for. */
export function actorInMessages(actor: Actor): string {
  return actor.type === 'api_token' ? `A integração “${actor.name}”` : actor.name
}
