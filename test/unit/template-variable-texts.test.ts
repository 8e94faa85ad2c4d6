// The template editor lists every documented variable and filter with what it holds: none may be
// listed without its Portuguese description (the four of the account's company data were, until session 58).
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { TEMPLATE_FILTERS, TEMPLATE_VARIABLES } from '../../src/modules/rendering/template-variables.js'

describe('the editor’s variable list', () => {
  it('describes every documented variable and filter', () => {
    const variables: Record<string, string | undefined> = t.templates.variables
    const filters: Record<string, string | undefined> = t.templates.filters
    expect(TEMPLATE_VARIABLES.filter((variable) => !variables[variable]?.trim())).toEqual([])
    expect(TEMPLATE_FILTERS.filter((filter) => !filters[filter]?.trim())).toEqual([])
    // And describes nothing the list does not have.
    expect(Object.keys(variables).filter((key) => !(TEMPLATE_VARIABLES as readonly string[]).includes(key))).toEqual([])
  })
})
