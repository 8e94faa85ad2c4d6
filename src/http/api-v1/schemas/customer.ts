import Type from 'typebox'
import { Instant, MAX_ID, Nullable } from './common.js'

const UF = ['AC', 'AL', 'AP', 'AM', 'BA', 'CE', 'DF', 'ES', 'GO', 'MA', 'MT', 'MS', 'MG', 'PA', 'PB', 'PR', 'PE', 'PI', 'RJ', 'RN', 'RS', 'RO', 'RR', 'SC', 'SP', 'SE', 'TO']

const text = (max: number, description: string, example?: string) => Type.String({ minLength: 1, maxLength: max, description, example })

export const AddressSchema = Type.Object({
  street: Nullable(text(200, 'Street (logradouro).', 'Av. Paulista')),
  number: Nullable(text(20, 'Number.', '1000')),
  complement: Nullable(text(100, 'Complement.', 'Conj. 101')),
  district: Nullable(text(100, 'District (bairro).', 'Bela Vista')),
  city: Nullable(text(100, 'City.', 'São Paulo')),
  state: Nullable(Type.String({ enum: UF, description: 'State (UF), two letters.', example: 'SP' })),
  postal_code: Nullable(Type.String({ format: 'cep', description: 'CEP, stored as 01310-100.', example: '01310-100' })),
})

export const CustomerSchema = Type.Object({
  id: Type.Integer({ description: 'Internal ID (the number in /customers/{id}/edit).', example: 48011 }),
  code: Nullable(Type.String({ description: "The account's own code for the customer.", example: 'ACME-01' })),
  name: Type.String({ description: 'Legal name (razão social) or full name.', example: 'Acme Indústria Ltda' }),
  trade_name: Nullable(Type.String({ description: 'Trade name (nome fantasia).', example: 'Acme' })),
  document: Nullable(Type.String({ description: 'CNPJ or CPF, normalised: no punctuation, upper case.', example: '11222333000181' })),
  document_type: Nullable(Type.Enum(['cnpj', 'cpf'])),
  email: Nullable(Type.String({ example: 'compras@acme.com.br' })),
  phone: Nullable(Type.String({ example: '+55 11 3333-4444' })),
  address: Type.Object({
    street: Nullable(Type.String()),
    number: Nullable(Type.String()),
    complement: Nullable(Type.String()),
    district: Nullable(Type.String()),
    city: Nullable(Type.String()),
    state: Nullable(Type.String()),
    postal_code: Nullable(Type.String()),
  }),
  created_at: Instant(),
  updated_at: Instant(),
}, { title: 'Customer' })

export const CustomerSummarySchema = Type.Object({
  id: Type.Integer({ example: 48011 }),
  code: Nullable(Type.String({ example: 'ACME-01' })),
  name: Type.String({ example: 'Acme Indústria Ltda' }),
  document: Nullable(Type.String({ example: '11222333000181' })),
}, { title: 'CustomerSummary' })

/** The `customer` of a creation: a reference, or inline data (with `name`). */
export const CustomerInputSchema = Type.Object(
  {
    id: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ID, description: 'Reference: internal ID of an existing customer.' })),
    code: Type.Optional(text(60, "Reference, or the code of inline data: the account's own code for the customer. Stored trimmed; a new code may not be `.` or `..` (no URL path can carry them).", 'ACME-01')),
    document: Type.Optional(
      Type.String({ format: 'cpf-or-cnpj', maxLength: 20, description: 'Reference, or the document of inline data: CNPJ (numeric or alphanumeric) or CPF, with or without punctuation.', example: '11.222.333/0001-81' }),
    ),
    name: Type.Optional(text(200, 'Present for inline data: legal name or full name.', 'Acme Indústria Ltda')),
    trade_name: Type.Optional(Nullable(text(200, 'Trade name (nome fantasia).', 'Acme'))),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 254, example: 'compras@acme.com.br' }))),
    phone: Type.Optional(Nullable(Type.String({ minLength: 8, maxLength: 30, pattern: '^[0-9+() .-]+$', example: '+55 11 3333-4444' }))),
    address: Type.Optional(Nullable(Type.Partial(AddressSchema, { additionalProperties: false }))),
  },
  {
    title: 'CustomerInput',
    additionalProperties: false,
    description:
      'Either a reference to an existing customer — exactly one of `id`, `code`, `document` — or, when `name` is present, data that creates the customer or updates the one with that `code` (else that `document`). Inline data needs `code` or `document`.',
  },
)
