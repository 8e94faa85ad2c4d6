#!/usr/bin/env node
// The `vendoc` command runs the compiled CLI; `npm run build` produces dist/.
import('../dist/cli.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('vendoc: dist/ is missing; run `npm run build` first.')
    process.exit(1)
  }
  throw error
})
