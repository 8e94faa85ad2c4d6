// `vendoc demo`: seeds (once) the demo account and prints how to use it, with a new API token.
import { seedDemo } from '../modules/demo/seed-demo.js'
import { DEMO_SELLERS } from '../modules/demo/demo-catalog.js'
import { type CommandContext, printJson } from './cli-io.js'

export async function demoCommand(ctx: CommandContext): Promise<void> {
  const demo = await seedDemo(ctx.db, ctx.clock, { publicUrl: ctx.publicUrl })
  if (ctx.json) {
    return printJson(ctx.io, { account_id: demo.accountId, admin_email: demo.adminEmail, admin_password: demo.adminPassword, api_token: demo.apiToken.token })
  }
  const state = demo.created
    ? `created now, with ${demo.documentsCreated} documents`
    : demo.documentsCreated > 0
      ? `already existed; ${demo.documentsCreated} missing documents were added`
      : 'already existed; nothing was duplicated'
  ctx.io.stdout(
    `Demo account ${demo.accountId} "${demo.accountName}" (plan ${demo.plan}): ${state}.\n\n` +
      `  Web login:  ${demo.adminEmail}\n` +
      `  Password:   ${demo.adminPassword}   (the sellers, e.g. ${DEMO_SELLERS[0]!.email}, use the same one)\n` +
      `  API token:  ${demo.apiToken.token}\n\n` +
      `The token is shown only once; every \`vendoc demo\` issues a new one. The demo password is public:\n` +
      `do not run the demo on a server others can reach.\n`,
  )
}
