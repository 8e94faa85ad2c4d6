// What each kind of durable job does (src/platform/jobs/). One line a kind: the module that owns
// the work exports its handler, and the job runner looks kinds up here.
import type { JobHandlerFactory } from './platform/jobs/job-types.js'
import { deliverWebhookJob } from './modules/webhooks/deliver-webhook.js'
import { sendEmailJob } from './modules/notifications/send-email-job.js'
import { finalizeSignedProposalJob } from './modules/lifecycle/finalize-signed-proposal.js'

export const JOB_HANDLERS: Record<string, JobHandlerFactory> = {
  'webhook.deliver': deliverWebhookJob,
  'email.send': sendEmailJob,
  'proposal.finalize': finalizeSignedProposalJob,
}
