// The documents module (docs/LIFECYCLE.md): PDFs without a browser and the files of a document.
export { buildOriginalPdf, type BuiltOriginalPdf } from './build-original-pdf.js'
export { buildSignedPdf, type BuiltSignedPdf, type SignatureEvidence, type SignerEvidence } from './build-signed-pdf.js'
export { findProposalFile, storeProposalFile, type NewProposalFile, type ProposalFile } from './proposal-files.js'
export { pdfFileName } from './file-names.js'
