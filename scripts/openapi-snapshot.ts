// Builds the app on a throwaway in-memory database and returns its OpenAPI document as the
// committed openapi/v1.json should read (fixed server URL, stable formatting).
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { connectDatabase } from '../src/platform/db/connect.js'
import { migrateToLatest } from '../src/platform/migrations/index.js'

export const OPENAPI_FILE = new URL('../openapi/v1.json', import.meta.url)

export async function openApiSnapshot(): Promise<string> {
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://localhost:3000' })
  const database = connectDatabase(config.database)
  try {
    await migrateToLatest(database.db, database.dialect)
    const app = await buildApp({ config, database })
    await app.ready()
    const document = app.swagger()
    await app.close()
    return `${JSON.stringify(document, null, 2)}\n`
  } finally {
    await database.close()
  }
}
