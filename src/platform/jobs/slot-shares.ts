// How a job runner's slots are shared, so that no one stream of slow work holds back the rest.
// Three groups are counted: a kind of job, an account, and one kind within one account. Each may
// take every slot of what holds it but one: a kind or an account all the runner's slots but one,
// a kind within an account all the account's slots but one. So a webhook receiver that times out
// (10 s a try) never holds every slot: another account, another kind of job, and the same
// account's other work (its signing invitations, its signed PDFs) always find one free.
// A group whose parent has a single slot may take it (a runner of one slot runs anything).

/** The groups whose jobs a claim must pass over because they hold their full share. */
export interface FullGroups {
  kinds: string[]
  accounts: number[]
  accountKinds: Array<{ accountId: number; kind: string }>
}

interface SharedJob {
  kind: string
  accountId: number | null
}

export class SlotShares {
  /** Slots one kind, or one account, may hold at once. */
  readonly perGroup: number
  /** Slots one kind of one account may hold at once. */
  readonly perAccountKind: number
  private readonly byKind = new Map<string, number>()
  private readonly byAccount = new Map<number, number>()
  /** Keyed `${accountId} ${kind}` (an account id has no space). */
  private readonly byAccountKind = new Map<string, number>()

  constructor(slots: number) {
    this.perGroup = Math.max(1, slots - 1)
    this.perAccountKind = Math.max(1, this.perGroup - 1)
  }

  /** A claimed job starts counting against its groups. */
  take(job: SharedJob): void {
    add(this.byKind, job.kind, 1)
    if (job.accountId === null) return
    add(this.byAccount, job.accountId, 1)
    add(this.byAccountKind, `${job.accountId} ${job.kind}`, 1)
  }

  /** A finished job's slot is free again. */
  release(job: SharedJob): void {
    add(this.byKind, job.kind, -1)
    if (job.accountId === null) return
    add(this.byAccount, job.accountId, -1)
    add(this.byAccountKind, `${job.accountId} ${job.kind}`, -1)
  }

  /** Every group at its share now (empty lists when none is: the claim passes over nothing). */
  full(): FullGroups {
    const kinds = [...this.byKind].filter(([, running]) => running >= this.perGroup).map(([kind]) => kind)
    const accounts = [...this.byAccount].filter(([, running]) => running >= this.perGroup).map(([accountId]) => accountId)
    const accountKinds = [...this.byAccountKind]
      .filter(([key, running]) => running >= this.perAccountKind && !accounts.includes(accountIdOf(key)))
      .map(([key]) => ({ accountId: accountIdOf(key), kind: key.slice(key.indexOf(' ') + 1) }))
    return { kinds, accounts, accountKinds }
  }
}

export function isNothingFull(groups: FullGroups): boolean {
  return groups.kinds.length === 0 && groups.accounts.length === 0 && groups.accountKinds.length === 0
}

function accountIdOf(key: string): number {
  return Number(key.slice(0, key.indexOf(' ')))
}

function add<K>(counts: Map<K, number>, key: K, delta: number): void {
  const running = (counts.get(key) ?? 0) + delta
  if (running > 0) counts.set(key, running)
  else counts.delete(key)
}
