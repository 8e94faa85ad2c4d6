// The names a document's files are downloaded under.

/** "proposta-12.pdf" (the signed one has the same name: it is the same document, completed). */
export function pdfFileName(number: number): string {
  return `proposta-${number}.pdf`
}

const SCAN_EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' }

/** "proposta-12-digitalizada.jpg": the scan of a paper document, named by us (the name it was sent with is kept in the file's row only). */
export function scanFileName(number: number, contentType: string): string {
  return `proposta-${number}-digitalizada.${SCAN_EXTENSIONS[contentType] ?? 'bin'}`
}
