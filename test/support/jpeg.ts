// A real JPEG for logo tests: 12 × 6 pixels, a blue half and a yellow half, baseline, 3 components,
// written by Chromium's canvas (toDataURL('image/jpeg', 0.9)) and kept here as it came.
export const CHROMIUM_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBT/wAARCAAGAAwDASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAAAAcI/8QAGhABAAEFAAAAAAAAAAAAAAAAAAMGCDeEtP/EABUBAQEAAAAAAAAAAAAAAAAAAAYI/8QAHREAAAUFAAAAAAAAAAAAAAAAAAIDc7IBBgc1Nv/aAAwDAQACEQMRAD8AlluOZ6e2OaVt4E75r6FBks1AusTWKOViUf/Z',
  'base64',
)

/** Where the frame header (SOF0) of CHROMIUM_JPEG starts: its marker's first byte. */
export function startOfFrame(jpeg: Uint8Array): number {
  for (let offset = 2; offset < jpeg.length - 1; offset += 1) if (jpeg[offset] === 0xff && jpeg[offset + 1] === 0xc0) return offset
  throw new Error('no SOF0 marker')
}

/** A copy of `jpeg` with its frame header's fields changed. */
export function withFrame(jpeg: Uint8Array, frame: { precision?: number; width?: number; height?: number; components?: number }): Buffer {
  const copy = Buffer.from(jpeg)
  const sof = startOfFrame(copy)
  if (frame.precision !== undefined) copy[sof + 4] = frame.precision
  if (frame.height !== undefined) copy.writeUInt16BE(frame.height, sof + 5)
  if (frame.width !== undefined) copy.writeUInt16BE(frame.width, sof + 7)
  if (frame.components !== undefined) copy[sof + 9] = frame.components
  return copy
}
