import Type from 'typebox'
import { Nullable } from './common.js'

export const RegistrationDataSchema = Type.Object({
  signature_types: Type.Array(Type.Object({ id: Type.Enum(['paper', 'digital']), name: Type.String({ example: 'Digital' }) }), {
    description: 'Values for `signature_type`.',
  }),
  payment_methods: Type.Array(
    Type.Object({
      id: Type.Integer({ example: 2 }),
      name: Type.String({ example: 'Boleto bancário' }),
      kind: Type.Enum(['pix', 'boleto', 'credit_card', 'bank_transfer', 'other']),
      max_installments: Type.Integer({ example: 12, description: 'Largest `installments` this method accepts.' }),
      first_due_days: Type.Integer({ minimum: 0, maximum: 365, example: 30, description: 'Days from the signature to the first installment (0: on signing).' }),
      installment_interval_days: Type.Integer({ minimum: 1, maximum: 365, example: 30, description: 'Days between one installment and the next.' }),
      due_on_business_days: Type.Boolean({ example: true, description: "true: a due date that falls on a Saturday, Sunday or Brazilian national banking holiday moves to the next banking day (a boleto's rule)." }),
    }),
    { description: 'Values for `payment_method_id`.' },
  ),
  products: Type.Array(
    Type.Object({
      id: Type.Integer({ example: 11 }),
      code: Type.String({ example: 'IMPL-01' }),
      name: Type.String({ example: 'Implantação do sistema' }),
      kind: Type.Enum(['product', 'service']),
      unit: Type.String({ example: 'h' }),
      price_cents: Type.Integer({ example: 150000, description: 'Catalogue price, used when an item gives no `unit_price_cents`.' }),
      description: Nullable(Type.String()),
    }),
    { description: 'Values for `items[].product_id`.' },
  ),
  templates: Type.Array(Type.Object({ id: Type.Integer({ example: 3 }), name: Type.String({ example: 'Proposta comercial' }), description: Nullable(Type.String()) }), {
    description: 'Values for `template_id`.',
  }),
  signer_roles: Type.Array(Type.Object({ id: Type.Integer({ example: 1 }), name: Type.String({ example: 'Contratante' }) }), { description: 'Values for `signers[].role_id`.' }),
  sellers: Type.Array(Type.Object({ id: Type.Integer({ example: 7 }), name: Type.String({ example: 'Carla Mendes' }), email: Type.String({ example: 'carla@vendoc.com.br' }) }), {
    description: 'Values for `seller_id`.',
  }),
}, { title: 'RegistrationData' })
