// Messages Vendoc sends on its own schedule (automatic reminders, expiry warnings) go out only in
// the daytime of the account's zone, so nobody is woken by one at 3 a.m.
import { localHour } from '../../platform/time-zones.js'

/** Local hours in which they are sent: from 8:00 to 19:59. */
const DAYTIME = { from: 8, to: 20 }

export function isDaytime(now: Date, timeZone: string): boolean {
  const hour = localHour(now, timeZone)
  return hour >= DAYTIME.from && hour < DAYTIME.to
}
