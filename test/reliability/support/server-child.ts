// A Vendoc server process that loads the application first and opens the database only when told.
// The crash tests keep one of these loading while another serves, so module loading is paid while
// the previous server still works, and the restart after a kill costs what a real restart must do
// after a crash: open the database (SQLite recovers its WAL here), migrate, build the app and
// listen — the same steps, in the same order, as src/server.ts.
// Protocol: prints "warm" once loaded, reads "go" on stdin, prints "ready" when listening.
import { buildApp, serverConnectOptions } from '../../../src/app.js'
import { loadConfig } from '../../../src/config.js'
import { connectDatabase } from '../../../src/platform/db/connect.js'
import { limitHeapGrowth } from '../../../src/platform/heap-growth.js'
import { migrateToLatest } from '../../../src/platform/migrations/index.js'
import { waitForCommand } from './stdin-commands.js'

process.stdout.write('warm\n')
await waitForCommand('go')

const config = loadConfig()
limitHeapGrowth(config.heapGrowingPercent)
const database = connectDatabase(config.database, serverConnectOptions(config))
await migrateToLatest(database.db, database.dialect)
const app = await buildApp({ config, database })
await app.listen({ port: config.port, host: config.host })
process.stdout.write('ready\n')
