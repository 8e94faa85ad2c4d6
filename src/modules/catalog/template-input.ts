// The rules of a template typed by a person: a name, an optional description and a body that
// the sandboxed Liquid engine can parse. Shared by the create and edit screens.
import { MAX_TEMPLATE_LENGTH } from '../rendering/liquid-engine.js'
import { type TemplateProblem, validateTemplateBody } from '../rendering/render-template.js'
import type { TemplateChanges } from './template-admin.js'

export const TEMPLATE_NAME_MAX = 120
export const TEMPLATE_DESCRIPTION_MAX = 500

export interface TemplateInputErrors {
  name?: 'required' | 'too_long'
  description?: 'too_long'
  body?: { kind: 'required' } | { kind: 'too_long' } | { kind: 'liquid'; problem: TemplateProblem }
}

export type TemplateInputResult = { ok: true; value: TemplateChanges } | { ok: false; errors: TemplateInputErrors }

export function checkTemplateInput(input: { name: string; description: string; body: string; active: boolean }): TemplateInputResult {
  const errors: TemplateInputErrors = {}
  const name = input.name.trim()
  const description = input.description.trim()
  // Line endings as a browser sends them (CRLF) would double every line in a <pre>; keep LF.
  const body = input.body.replace(/\r\n?/g, '\n')
  if (name === '') errors.name = 'required'
  else if (name.length > TEMPLATE_NAME_MAX) errors.name = 'too_long'
  if (description.length > TEMPLATE_DESCRIPTION_MAX) errors.description = 'too_long'
  if (body.trim() === '') errors.body = { kind: 'required' }
  else if (body.length > MAX_TEMPLATE_LENGTH) errors.body = { kind: 'too_long' }
  else {
    const problem = validateTemplateBody(body)
    if (problem) errors.body = { kind: 'liquid', problem }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return { ok: true, value: { name, description: description === '' ? null : description, body, active: input.active } }
}
