// Parsing and rendering one template body with the sandboxed engine. Errors come back as
// TemplateError with the line of the body they point at, ready to be shown next to the editor.
import type { Template } from 'liquidjs'
import { DEFAULT_TIME_ZONE } from '../../platform/time-zones.js'
import { liquid, liquidjs, MAX_OUTPUT_LENGTH, MAX_TEMPLATE_LENGTH } from './liquid-engine.js'
import { TemplateError, type TemplateProblem } from './template-error.js'

export { TemplateError, type TemplateProblem } from './template-error.js'

function problemOf(error: unknown): TemplateProblem {
  if (error instanceof TemplateError) return error.problem
  const raw = error instanceof Error ? error.message : String(error)
  let line: number | null = null
  if (error instanceof liquidjs().LiquidError) {
    const position = error.token?.getPosition?.()
    if (position && position[0] !== undefined && Number.isInteger(position[0])) line = position[0]
  }
  const suffix = /, line:(\d+), col:\d+$/.exec(raw)
  if (line === null && suffix) line = Number(suffix[1])
  const message = (suffix ? raw.slice(0, suffix.index) : raw).replace(/^Error: /, '')
  // "Invalid string length" and friends: the output outgrew what a JavaScript string can hold.
  return { line, message: error instanceof RangeError ? 'the document is too large' : message }
}

function parse(body: string): Template[] {
  if (body.length > MAX_TEMPLATE_LENGTH) throw new TemplateError({ line: null, message: `the template is longer than ${MAX_TEMPLATE_LENGTH} characters` })
  try {
    return liquid().parse(body)
  } catch (error) {
    throw new TemplateError(problemOf(error))
  }
}

/** null when the body parses; otherwise what is wrong and on which line. */
export function validateTemplateBody(body: string): TemplateProblem | null {
  try {
    parse(body)
    return null
  } catch (error) {
    return problemOf(error)
  }
}

/** Collects the output and stops the render once it outgrows MAX_OUTPUT_LENGTH. */
class CappedEmitter {
  buffer = ''
  write(html: unknown): void {
    this.buffer += typeof html === 'string' ? html : String(html ?? '')
    if (this.buffer.length > MAX_OUTPUT_LENGTH) throw new TemplateError({ line: null, message: 'the document is too large' })
  }
}

/**
 * Renders `body` with `context` as its variables (HTML of the body, data escaped). Throws
 * TemplateError on a parse error or when a limit (time, memory, output size) is reached.
 * `timeZone` (IANA, the account's) is where Liquid's `date` filter shows instants and "now".
 */
export async function renderTemplate(body: string, context: object, timeZone: string = DEFAULT_TIME_ZONE): Promise<string> {
  const templates = parse(body)
  // A fresh, plain copy: the template can never reach an object the caller still holds.
  const scope = structuredClone(context) as Record<string, unknown>
  const emitter = new CappedEmitter()
  try {
    const { Context, toPromise } = liquidjs()
    const engine = liquid()
    // The engine is shared; the zone is the render's own (Liquid's date filter reads it from the context's options).
    const options = { ...engine.options, timezoneOffset: timeZone }
    await toPromise(engine.renderer.renderTemplates(templates, new Context(scope, options), emitter))
  } catch (error) {
    throw new TemplateError(problemOf(error))
  }
  return emitter.buffer
}
