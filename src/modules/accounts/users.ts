// People of an account. A user flagged as seller can be linked to documents; the account's
// default seller is used when an API creation names none.
import type { Db } from '../../platform/db/connect.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import { hashPassword } from './passwords.js'
import { normalizeEmail } from '../../platform/contact-formats.js'

export interface NewUser {
  accountId: number
  email: string
  name: string
  role?: 'admin' | 'member'
  isSeller?: boolean
  isDefaultSeller?: boolean
  password?: string
}

export class DuplicateEmailError extends Error {}

export async function createUser(db: Db, clock: Clock, input: NewUser): Promise<{ id: number; email: string; name: string; role: string; is_seller: boolean }> {
  const email = normalizeEmail(input.email)
  const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()
  if (existing) throw new DuplicateEmailError(`A user with e-mail ${email} already exists`)
  const now = isoNow(clock)
  const role = input.role ?? 'member'
  const isSeller = input.isSeller ?? false
  const { id } = await db
    .insertInto('users')
    .values({
      account_id: input.accountId,
      email,
      name: input.name,
      role,
      is_seller: isSeller,
      is_default_seller: input.isDefaultSeller ?? false,
      password_hash: input.password ? await hashPassword(input.password) : null,
      active: true,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id, email, name: input.name, role, is_seller: isSeller }
}
