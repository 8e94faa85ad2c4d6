// Self-service sign-up: a new account on the `basico` plan and its first user, an admin who is
// also the account's default seller (documents need a seller). Shared by the web app and any
// future API; returns field error codes, which the caller turns into words.
import { isEmailAddress } from '../../platform/contact-formats.js'
import type { Db } from '../../platform/db/connect.js'
import type { Clock } from '../../platform/clock.js'
import { createAccount } from './accounts.js'
import { DuplicateEmailError, createUser } from './users.js'
import { normalizeEmail } from '../../platform/contact-formats.js'

export const SIGN_UP_PLAN_CODE = 'basico'
export const MIN_PASSWORD_LENGTH = 8
export const MAX_PASSWORD_LENGTH = 200
export const MAX_NAME_LENGTH = 120

export interface SignUpInput {
  accountName: string
  name: string
  email: string
  password: string
}

export type SignUpField = keyof SignUpInput
/** required: empty; too_long; invalid_email; password_too_short; email_taken: another user has it. */
export type SignUpErrorCode = 'required' | 'too_long' | 'invalid_email' | 'password_too_short' | 'email_taken'
export type SignUpErrors = Partial<Record<SignUpField, SignUpErrorCode>>

export type SignUpResult = { ok: true; accountId: number; userId: number } | { ok: false; errors: SignUpErrors }


export function validateSignUp(input: SignUpInput): SignUpErrors {
  const errors: SignUpErrors = {}
  for (const field of ['accountName', 'name'] as const) {
    const value = input[field].trim()
    if (value === '') errors[field] = 'required'
    else if (value.length > MAX_NAME_LENGTH) errors[field] = 'too_long'
  }
  const email = normalizeEmail(input.email)
  if (email === '') errors.email = 'required'
  else if (!isEmailAddress(email)) errors.email = 'invalid_email'
  if (input.password === '') errors.password = 'required'
  else if (input.password.length < MIN_PASSWORD_LENGTH) errors.password = 'password_too_short'
  else if (input.password.length > MAX_PASSWORD_LENGTH) errors.password = 'too_long'
  return errors
}

export async function signUp(db: Db, clock: Clock, input: SignUpInput): Promise<SignUpResult> {
  const errors = validateSignUp(input)
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  try {
    return await db.transaction().execute(async (trx) => {
      const account = await createAccount(trx, clock, { name: input.accountName.trim(), planCode: SIGN_UP_PLAN_CODE })
      const user = await createUser(trx, clock, {
        accountId: account.id,
        email: input.email,
        name: input.name.trim(),
        role: 'admin',
        isSeller: true,
        isDefaultSeller: true,
        password: input.password,
      })
      return { ok: true as const, accountId: account.id, userId: user.id }
    })
  } catch (error) {
    // Two sign-ups racing for one e-mail: the unique index decides, the loser gets the field error.
    if (error instanceof DuplicateEmailError || (await emailTaken(db, input.email))) return { ok: false, errors: { email: 'email_taken' } }
    throw error
  }
}

async function emailTaken(db: Db, email: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('email', '=', normalizeEmail(email)).executeTakeFirst()
  return row !== undefined
}
