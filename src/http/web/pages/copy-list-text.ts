// What a refused list of copy addresses says next to its box (the document form's and the
// account settings'), naming the address at fault.
import type { CopyListProblem } from '../../../modules/proposals/copy-recipients.js'
import { MAX_COPY_RECIPIENTS } from '../../../modules/proposals/copy-recipients.js'
import { t } from '../i18n/pt-BR.js'

export function copyProblemText(problem: CopyListProblem): string {
  const e = t.proposals.errors
  if (problem.problem === 'too_many_addresses') return e.copyToTooMany(MAX_COPY_RECIPIENTS)
  return problem.problem === 'invalid_email' ? e.copyToInvalid(problem.address) : e.copyToRepeated(problem.address)
}
