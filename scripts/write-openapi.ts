// `npm run openapi`: regenerates the committed openapi/v1.json from the route schemas.
import { writeFile } from 'node:fs/promises'
import { OPENAPI_FILE, openApiSnapshot } from './openapi-snapshot.js'

await writeFile(OPENAPI_FILE, await openApiSnapshot())
console.log(`wrote ${OPENAPI_FILE.pathname}`)
