// What changed from one version of a template to another, as the history pages show it: the
// fields that differ, and the body's lines added and removed (line-diff.ts).
import { diffLines, type LineDiff } from './line-diff.js'
import type { TemplateVersion, TemplateVersionSummary } from './template-versions.js'

export type ComparedField = 'name' | 'description' | 'active'

export interface VersionComparison {
  /** The fields other than the body that differ, in the form's order. */
  fields: ComparedField[]
  /** The body's line diff, from `before` to `after`. */
  body: LineDiff
}

/** The fields other than the body that differ between two versions, in the form's order. */
export function changedVersionFields(before: TemplateVersionSummary, after: TemplateVersionSummary): ComparedField[] {
  return (['name', 'description', 'active'] as const).filter((field) => before[field] !== after[field])
}

export function compareVersions(before: TemplateVersion, after: TemplateVersion): VersionComparison {
  return { fields: changedVersionFields(before, after), body: diffLines(before.body, after.body) }
}
