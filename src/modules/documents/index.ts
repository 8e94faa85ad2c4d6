// The documents module (docs/LIFECYCLE.md): PDFs without a browser and the files of a document.
export type { BuiltOriginalPdf } from './build-original-pdf.js'
export type { BuiltSignedPdf, SignatureEvidence, SignerEvidence } from './build-signed-pdf.js'
export { buildOriginalPdf, buildSignedPdf } from './pdf-builders.js'
export { findProposalFile, storeProposalFile, type NewProposalFile, type ProposalFile } from './proposal-files.js'
export { pdfFileName } from './file-names.js'
