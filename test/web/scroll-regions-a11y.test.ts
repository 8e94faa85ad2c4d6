// Boxes that scroll are reachable by keyboard (WCAG 2.1.1, axe's scrollable-region-focusable):
// every table's scroll box (.table-wrap) and the template editor's variable list take focus and,
// being focusable, have a role and a name that resolves on the page.
import { expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { signedInUser } from '../support/web-login.js'
import { brokenIdReferences, elementsWithClass, type HtmlElement } from './html-elements.js'

/** What is wrong with a scroll box: not focusable, or without a name. Empty when it is fine. */
function scrollBoxProblems(box: HtmlElement): string[] {
  const problems: string[] = []
  if (box.attributes.tabindex !== '0') problems.push('no tabindex="0"')
  if (!box.attributes['aria-labelledby'] && !box.attributes['aria-label']) problems.push('no aria-labelledby/aria-label')
  // A named <div> needs a role for its name to count; <aside> is a landmark already.
  if (box.tag === 'div' && box.attributes.role !== 'region') problems.push('no role="region"')
  return problems
}

function expectReachableScrollBoxes(html: string, className: string, expectedCount: number) {
  const boxes = elementsWithClass(html, className)
  expect(boxes).toHaveLength(expectedCount)
  for (const box of boxes) expect(scrollBoxProblems(box), `${box.tag}.${className}`).toEqual([])
  expect(brokenIdReferences(html)).toEqual({ missing: [], duplicated: [] })
}

describeEachDialect('scrollable regions reachable by keyboard', (env) => {
  it('makes the template list table scroll box focusable and named', async () => {
    const { agent } = await signedInUser(env)
    const list = await agent.get('/registration-data/templates')
    expect(list.statusCode).toBe(200)
    expectReachableScrollBoxes(list.body, 'table-wrap', 1)
  })

  it('makes the template editor variable list focusable and named, on the new and the edit form', async () => {
    const { agent, account } = await signedInUser(env)
    for (const path of ['/registration-data/templates/new', `/registration-data/templates/${account.template.id}/edit`]) {
      const page = await agent.get(path)
      expect(page.statusCode, path).toBe(200)
      expectReachableScrollBoxes(page.body, 'template-variables', 1)
    }
  })
})
