// A clock that moves only when a test moves it, for minute windows and "last used" precision.
import type { Clock } from '../../src/platform/clock.js'

export class ManualClock implements Clock {
  private at: number

  constructor(start: Date | string = '2026-11-29T12:00:00.000Z') {
    this.at = new Date(start).getTime()
  }

  now(): Date {
    return new Date(this.at)
  }

  advance(ms: number): void {
    this.at += ms
  }

  set(instant: Date | string): void {
    this.at = new Date(instant).getTime()
  }
}
