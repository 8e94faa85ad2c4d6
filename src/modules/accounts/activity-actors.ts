// Who can appear as the author of the account's activity, for Configurações → Atividade's "Quem"
// filter: the account's users (deactivated ones too: their past changes stay theirs), its API
// tokens (revoked ones too), and support. Read from the users and tokens themselves rather than
// from the entries, so the list costs two small reads however long the activity is.
import type { Db } from '../../platform/db/connect.js'

export interface ActivityActors {
  users: { id: number; name: string; email: string; active: boolean }[]
  tokens: { id: number; name: string; revoked: boolean }[]
}

export async function activityActors(db: Db, accountId: number): Promise<ActivityActors> {
  const [users, tokens] = await Promise.all([
    db.selectFrom('users').select(['id', 'name', 'email', 'active']).where('account_id', '=', accountId).orderBy('name').orderBy('id').execute(),
    db.selectFrom('api_tokens').select(['id', 'name', 'revoked_at']).where('account_id', '=', accountId).orderBy('name').orderBy('id').execute(),
  ])
  return {
    users: users.map((user) => ({ id: Number(user.id), name: user.name, email: user.email, active: Boolean(user.active) })),
    tokens: tokens.map((token) => ({ id: Number(token.id), name: token.name, revoked: token.revoked_at !== null })),
  }
}
