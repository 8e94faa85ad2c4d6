// The floor: a bare Fastify server answering a small fixed JSON, measured beside Vendoc in the
// same run so every figure can be read as a ratio to what Node and Fastify allow on this machine.
import Fastify from 'fastify'

const app = Fastify({ logger: false })
const body = { id: 1, number: 1, status: 'draft', title: 'Proposta', total_cents: 150000 }
app.get('/api/v1/proposals/:id', async () => body)
app.get('/healthz', async () => ({ status: 'ok' }))
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
