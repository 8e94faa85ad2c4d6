// What is wrong with a template, and on which line: thrown by rendering (render-template.ts, on
// whichever thread renders) and shown next to the editor. A file of its own so that the main
// thread can rebuild the error a render on the document thread reported without loading Liquid.

export interface TemplateProblem {
  /** 1-based line of the body, when the engine knows it. */
  line: number | null
  /** The engine's message without its position suffix (English, technical). */
  message: string
}

export class TemplateError extends Error {
  constructor(readonly problem: TemplateProblem) {
    super(problem.line === null ? problem.message : `line ${problem.line}: ${problem.message}`)
    this.name = 'TemplateError'
  }
}
