// Shapes of GET /api/v1/account-activity: who changed the account's governance (accounts/account-activity.ts).
import Type from 'typebox'
import { ACTIVITY_ACTIONS, ACTIVITY_SUBJECTS, ACTIVITY_TARGET_KINDS } from '../../../modules/accounts/account-activity.js'
import { Instant, MAX_ID, Nullable, PaginationMeta, PaginationQuery } from './common.js'

export const AccountActivitySchema = Type.Object(
  {
    id: Type.Integer({ description: 'Entry id; a later entry has a larger one.', example: 3120 }),
    at: Instant('When the change was made.'),
    subject: Type.Enum([...ACTIVITY_SUBJECTS], { description: 'What was changed.' }),
    action: Type.Enum(Object.keys(ACTIVITY_ACTIONS), { description: '`subject.verb`.', example: 'api_token.revoked' }),
    actor: Type.Object(
      {
        type: Type.Enum(['user', 'api_token', 'support'], { description: '`user`: someone in the web app; `api_token`: an integration through the API; `support`: the `vendoc` CLI on the server.' }),
        id: Nullable(Type.Integer({ description: "The user's or the token's id; null for support." })),
        name: Type.String({ description: "The user's or the token's name at the time.", example: 'Ana Souza' }),
      },
      { description: 'Who made the change.' },
    ),
    ip: Nullable(Type.String({ description: 'The address the change came from; null from the CLI.', example: '203.0.113.7' })),
    target: Type.Object(
      {
        id: Nullable(Type.Integer({ description: "The changed user's, token's, webhook's, product's, payment method's, signer role's or template's id; null for the account itself." })),
        label: Type.String({ description: "Its name at the time: a user's `Name <e-mail>`, a token's name, a webhook's URL with its query values replaced by `…`, a product's `code — name`, another catalogue entry's name; empty for the account itself.", example: 'ERP' }),
      },
    ),
    data: Type.Record(Type.String(), Type.Unknown(), {
      description:
        'What changed: `changes` maps each changed field to `{ "from", "to" }`, or to `{ "hidden": true }` when only the change is kept (a password, the usual message to the signers, a new key in a webhook URL\'s query); other actions carry their details (a token\'s `prefix`, the `count` of sessions ended, a template\'s `version`…). No secret is ever stored.',
      example: { changes: { role: { from: 'member', to: 'admin' } } },
    }),
  },
  { title: 'AccountActivity' },
)

export const AccountActivityListSchema = Type.Object({ data: Type.Array(AccountActivitySchema), meta: PaginationMeta }, { title: 'AccountActivityList' })

export const AccountActivityQuery = Type.Object(
  {
    subject: Type.Optional(Type.Enum([...ACTIVITY_SUBJECTS], { description: 'Only the changes to this: the account itself, its users, its API tokens, its webhooks, or its catalogue (products, payment methods, signer roles, templates).' })),
    actor_type: Type.Optional(Type.Enum(['user', 'api_token', 'support'], { description: 'Only the changes made by this kind of author; with `actor_id`, by that user or token.' })),
    actor_id: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ID, description: "Only the changes made by this user or token (`actor.id`); needs `actor_type` `user` or `api_token`. Another account's id finds nothing.", example: 12 })),
    target_type: Type.Optional(Type.Enum([...ACTIVITY_TARGET_KINDS], { description: 'With `target_id`: only the changes to that user, token, webhook, product, payment method, signer role or template (`target.id`), as its page in the web app links to them.' })),
    target_id: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ID, description: "With `target_type`: the changed thing's id. Another account's id finds nothing.", example: 12 })),
    from: Type.Optional(Instant('Only the changes made at or after this instant.')),
    to: Type.Optional(Instant('Only the changes made before this instant.')),
    after: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_ID,
        description:
          "To export the activity without gaps: only the entries after this id, **oldest first**, and only those made at least 5 seconds ago (an entry is written inside its change's transaction, and on PostgreSQL a smaller id may commit a moment after a larger one). Start from 0, then pass the last `id` received until `data` comes back empty. Not combined with `page`. (A position among the account's own entries, not a reference: any number is accepted.)",
        example: 3120,
      }),
    ),
    ...PaginationQuery,
  },
  { additionalProperties: false },
)
