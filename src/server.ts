// Process entry: read the configuration, open and migrate the database, listen, and shut down
// cleanly on SIGINT/SIGTERM (in-flight requests finish, then the database closes).
import { buildApp, serverConnectOptions } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { connectDatabase } from './platform/db/connect.js'
import { limitHeapGrowth } from './platform/heap-growth.js'
import { migrateToLatest } from './platform/migrations/index.js'

async function main(): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(78)
    }
    throw error
  }
  limitHeapGrowth(config.heapGrowingPercent)
  const database = connectDatabase(config.database, serverConnectOptions(config))
  await migrateToLatest(database.db, database.dialect)
  const app = await buildApp({ config, database })
  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    await app.close()
    await database.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  await app.listen({ port: config.port, host: config.host })
  app.log.info(`Vendoc on ${config.publicUrl} (API docs: ${config.publicUrl}/api-docs/index.html; database: ${config.database.dialect})`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
