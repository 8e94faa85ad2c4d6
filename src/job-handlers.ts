// What each kind of durable job does (src/platform/jobs/). One line a kind: the module that owns
// the work exports its handler, and the job runner looks kinds up here.
import type { JobHandlerFactory } from './platform/jobs/job-types.js'

export const JOB_HANDLERS: Record<string, JobHandlerFactory> = {}
