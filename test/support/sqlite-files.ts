// A SQLite database is up to three files (the database, its WAL and its shared-memory index);
// tests that make one remove all three.
import fs from 'node:fs'

export function removeSqliteFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true })
}
