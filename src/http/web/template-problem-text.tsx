// A template body's problem in Portuguese, for the editor (its body field and its preview). The
// Liquid engine (liquidjs 10) reports in English: each message it can give for a body — from its
// tokenizer, its parser and its tags (node_modules/liquidjs/dist/liquid.node.js) — and the few of
// Vendoc's own sandbox (liquid-engine.ts, render-template.ts) is recognised here and said in
// Portuguese with what it names (the tag, the filter). A message not recognised (a newer engine)
// keeps its own words, shown as code after a Portuguese sentence, so nothing is hidden.
import type { ComponentChildren } from 'preact'
import type { TemplateProblem } from '../../modules/rendering/template-error.js'
import { t } from './i18n/pt-BR.js'

const p = t.templates.problems

/** The engine quotes the text it shows with JSON.stringify ("{{ number "): the text itself. */
function unquoted(text: string): string {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'string' ? value : text
  } catch {
    return text
  }
}

/** `{% for item in items %}` → `{% endfor %}`. */
function closingTagOf(tag: string): string {
  const name = /^\{%-?\s*(\w+)/.exec(tag)?.[1]
  return name === undefined ? '{% end… %}' : `{% end${name} %}`
}

type Describe = (...captures: string[]) => string

// Most specific first: the first pattern that matches the whole message describes it.
const KNOWN_MESSAGES: ReadonlyArray<readonly [RegExp, Describe]> = [
  // A block tag without its end tag; the tokenizer's own (the tag's text quoted) lacks its %}.
  [/^tag (\{%[\s\S]*%\}) not closed$/, (tag) => p.tagNotClosed(tag, closingTagOf(tag))],
  [/^tag ("[\s\S]*") not closed$/, (tag) => p.tagDelimiterNotClosed(unquoted(tag).trim())],
  [/^raw ("[\s\S]*") not closed$/, () => p.tagNotClosed('{% raw %}', '{% endraw %}')],
  [/^output ("[\s\S]*") not closed$/, (output) => p.outputNotClosed(unquoted(output).trim())],
  [/^tag "end(\w+)" not found$/, (name) => p.orphanEndTag(`{% end${name} %}`, `{% ${name} %}`)],
  [/^tag "(else|elsif|when)" not found$/, (name) => p.misplacedBranch(`{% ${name} %}`)],
  [/^tag "([^"]*)" not found$/, (name) => p.unknownTag(`{% ${name} %}`)],
  [/^the "(\w+)" tag is not available: templates cannot include other templates$/, (name) => p.tagNotAvailable(`{% ${name} %}`)],
  [/^illegal tag: ([\s\S]+)$/, (tag) => p.invalidTag(tag)],
  [/^illegal (?:liquid )?tag syntax(?:, tag name expected)?$/, () => p.tagNameExpected],
  [/^undefined filter: (.+)$/, (name) => p.unknownFilter(name)],
  [/^(\w+) expect \d+ arguments$/, (name) => p.filterArguments(name)],
  [/^expected ":" after filter name$/, () => p.filterColonExpected],
  [/^expected "\|" before filter$/, () => p.filterPipeExpected],
  [/^expected filter name$/, () => p.filterNameExpected],
  [/^invalid value expression: ("[\s\S]*")$/, (expression) => {
    const text = unquoted(expression).trim()
    return text === '' ? p.valueMissing : p.invalidExpression(text)
  }],
  [/^unexpected token ("[\s\S]*"), value expected$/, (token) => p.valueExpected(unquoted(token))],
  [/^unexpected character ("[\s\S]*")$/, (character) => p.unexpectedCharacter(unquoted(character))],
  [/^(?:expected variable name|invalid capture name)$/, () => p.variableNameExpected],
  [/^expected "="$/, () => p.equalsExpected],
  [/^invalid range syntax$/, () => p.invalidRange],
  [/^unbalanced parentheses$/, () => p.unbalancedParentheses],
  [/^\[ not closed$/, () => p.bracketNotClosed],
  [/^duplicated else$/, () => p.duplicatedElse],
  [/^unexpected elsif after else$/, () => p.elsifAfterElse],
  [/^empty candidates: [\s\S]*$/, () => p.cycleWithoutValues],
  [/^every line of an inline comment must start with a '#' character$/, () => p.inlineComment],
  [/^undefined variable: (.+)$/, (name) => p.unknownVariable(name)],
  [/^memory alloc limit exceeded$/, () => p.memoryLimit],
  [/^template render limit exceeded$/, () => p.timeLimit],
  [/^parse length limit exceeded$/, () => p.templateTooLong],
  [/^the template is longer than (\d+) characters$/, (max) => p.templateLongerThan(Number(max))],
  [/^the document is too large$/, () => p.documentTooLarge],
]

/** The engine's message in Portuguese, or null when it is not one this module knows. */
export function describeTemplateMessage(message: string): string | null {
  for (const [pattern, describe] of KNOWN_MESSAGES) {
    const match = pattern.exec(message)
    if (match) return describe(...match.slice(1))
  }
  return null
}

/** "Erro na linha 3: …" (or "Erro no modelo: …" without a line), in Portuguese. */
export function templateProblemText(problem: TemplateProblem): ComponentChildren {
  const described = describeTemplateMessage(problem.message)
  const sentence = described ?? p.unknown
  const text = problem.line === null ? t.templates.error(sentence) : t.templates.errorAtLine(problem.line, sentence)
  return described === null ? <>{text} <code>{problem.message}</code></> : text
}
