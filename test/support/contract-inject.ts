// Wraps app.inject so that every response under /api/v1 is checked against the OpenAPI document
// (openapi-contract.ts). All three forms of inject keep working: promise, callback and the chained
// builder (`app.inject().get(url).headers(…).end()`).
import fs from 'node:fs'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { checkApiResponse, contractStats, requestOf } from './openapi-contract.js'

type Callback = (error: Error | null, response?: LightMyRequestResponse) => void
type Inject = (options?: InjectOptions | string, callback?: Callback) => unknown

function check(response: LightMyRequestResponse): LightMyRequestResponse {
  const request = requestOf(response)
  if (request) checkApiResponse(request.method, request.url, response)
  return response
}

export function installResponseContract(app: FastifyInstance): void {
  const original = app.inject.bind(app) as unknown as Inject
  const inject: Inject = (options, callback) => {
    if (options === undefined) return contractChain(original(), original)
    if (callback) {
      return original(options, (error, response) => {
        if (error || !response) return callback(error)
        // Only the contract check belongs in the try: an error thrown by the caller's own callback
        // must propagate, not call the callback a second time.
        let violation: Error | null = null
        try {
          check(response)
        } catch (thrown) {
          violation = thrown as Error
        }
        if (violation) callback(violation)
        else callback(null, response)
      })
    }
    return (original(options) as Promise<LightMyRequestResponse>).then(check)
  }
  ;(app as unknown as { inject: Inject }).inject = inject
}

interface Chain {
  option: InjectOptions
  _hasInvoked: boolean
  end(callback?: Callback): unknown
  then: Promise<LightMyRequestResponse>['then']
  catch: Promise<LightMyRequestResponse>['catch']
  finally: Promise<LightMyRequestResponse>['finally']
}

/** The builder collects options in `chain.option`; running it goes through the checked inject. */
function contractChain(chain: unknown, original: Inject): unknown {
  const builder = chain as Chain
  let running: Promise<LightMyRequestResponse> | undefined
  const run = () => {
    builder._hasInvoked = true
    running ??= (original(builder.option) as Promise<LightMyRequestResponse>).then(check)
    return running
  }
  builder.end = (callback?: Callback) => {
    if (running) throw new Error('The dispatch has already been invoked')
    const promise = run()
    if (!callback) return promise
    promise.then((response) => callback(null, response), (error: Error) => callback(error))
    return undefined
  }
  builder.then = ((...args: Parameters<Promise<LightMyRequestResponse>['then']>) => run().then(...args)) as Chain['then']
  builder.catch = ((onRejected: (reason: unknown) => unknown) => run().catch(onRejected)) as Chain['catch']
  builder.finally = ((onFinally: () => void) => run().finally(onFinally)) as Chain['finally']
  return builder
}

/**
 * Where the count of checked responses goes: with VENDOC_CONTRACT_COUNT_FILE set, each app adds a
 * line with the responses it checked when it closes (sum the lines after a run for the total).
 */
export function reportContractCount(): void {
  const file = process.env.VENDOC_CONTRACT_COUNT_FILE
  const fresh = contractStats.validated - contractStats.reported
  contractStats.reported = contractStats.validated
  if (file && fresh > 0) fs.appendFileSync(file, `${fresh}\n`)
}
