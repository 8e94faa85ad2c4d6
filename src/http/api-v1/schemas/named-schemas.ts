// Named schemas in the OpenAPI document. A route schema given a JSON Schema `title` (an
// annotation: validation ignores it), `Type.Object({…}, { title: 'ProposalDetail' })`, is held
// once in the document's `components.schemas`, and every place that uses it refers to it with
// `$ref`. Client generators (openapi-generator, openapi-typescript…) turn components into named
// types (`ProposalDetail`, `Problem`) instead of one anonymous type per response, and the
// document is a fraction of the size. Only these schemas have a title.

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// The keywords whose values are schemas (a map of them, a list of them, or one), so that an
// example or a default that happens to have a `title` field is never mistaken for a schema.
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs']
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems']
const SCHEMA_VALUES = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames']

/** The schema with its named subschemas (and itself, if named) moved to `components`. */
function hoist(schema: unknown, components: Json): unknown {
  if (!isObject(schema)) return schema
  const result: Json = { ...schema }
  for (const key of SCHEMA_MAPS) {
    const map = result[key]
    if (isObject(map)) result[key] = Object.fromEntries(Object.entries(map).map(([name, value]) => [name, hoist(value, components)]))
  }
  for (const key of SCHEMA_LISTS) {
    const list = result[key]
    if (Array.isArray(list)) result[key] = list.map((value) => hoist(value, components))
  }
  for (const key of SCHEMA_VALUES) {
    if (isObject(result[key])) result[key] = hoist(result[key], components)
  }
  const name = result.title
  if (typeof name !== 'string') return result
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) throw new Error(`schema title ${name} is not a component name (PascalCase)`)
  const known = components[name]
  // Two different schemas under one name would make one of them lie: refuse to build the document.
  if (known !== undefined && JSON.stringify(known) !== JSON.stringify(result)) throw new Error(`two different schemas are named ${name}`)
  components[name] = result
  return { $ref: `#/components/schemas/${name}` }
}

interface MediaTypes {
  description?: string
  content?: Record<string, { schema?: unknown }>
}
interface Operation {
  requestBody?: MediaTypes
  responses?: Record<string, MediaTypes>
}

function hoistContent(owner: MediaTypes | undefined, components: Json): void {
  for (const media of Object.values(owner?.content ?? {})) {
    if (!isObject(media.schema)) continue
    // A route describing one use of a named schema (`{ ...ProposalDetailSchema, description }`)
    // gets that description as the response's (@fastify/swagger copies it there); the component
    // keeps its own.
    const { description, ...schema } = media.schema
    const describesThisUse = description !== undefined && description === owner?.description && typeof schema.title === 'string'
    media.schema = hoist(describesThisUse ? schema : media.schema, components)
  }
}

/** transformObject of the OpenAPI document: the named schemas of bodies and answers into components (see above). */
export function hoistNamedSchemas<T extends object>(document: T): T {
  const openapi = document as { paths?: Record<string, Record<string, Operation>>; components?: { schemas?: Json } }
  const found: Json = {}
  for (const operation of Object.values(openapi.paths ?? {}).flatMap((item) => Object.values(item))) {
    hoistContent(operation.requestBody, found)
    for (const response of Object.values(operation.responses ?? {})) hoistContent(response, found)
  }
  const sorted = Object.fromEntries(Object.entries(found).sort(([a], [b]) => a.localeCompare(b)))
  openapi.components = { ...openapi.components, schemas: { ...openapi.components?.schemas, ...sorted } }
  return document
}
