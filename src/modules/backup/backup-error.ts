// A backup or restore that cannot be done as asked (file exists, tool missing, database in use):
// the message says what happened, the hint what to do. Anything else is a bug and keeps its stack.
export class BackupError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message)
    this.name = 'BackupError'
  }
}
