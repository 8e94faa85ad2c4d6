// Time as the application sees it. Modules take a Clock so tests can pin "now" (quota months,
// validity dates) without sleeping or patching globals.
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

export function isoNow(clock: Clock): string {
  return clock.now().toISOString()
}
