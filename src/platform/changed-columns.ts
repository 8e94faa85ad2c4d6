/** The columns of `target` whose value differs from `row`'s: what an update would really change. */
export function changedColumns<T extends Record<string, unknown>>(row: T, target: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(target).filter(([key, value]) => row[key] !== value)) as Partial<T>
}
