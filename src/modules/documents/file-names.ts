// The names a document's files are downloaded under.

/** "proposta-12.pdf" (the signed one has the same name: it is the same document, completed). */
export function pdfFileName(number: number): string {
  return `proposta-${number}.pdf`
}
