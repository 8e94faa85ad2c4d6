// How a signer's signature was confirmed, as the API's detail and the personal data export show
// it: 'email_code' (the private link and a code e-mailed to the signer), 'link' (the link alone),
// or null (not signed, or signed on paper: no signing page, so nothing was confirmed online).
// The column (migration 041) keeps only 'email_code' and null; a signature given on the signing
// page always has its kind (typed or drawn), which tells the link alone from paper, also for
// signatures older than the codes.
import type { SignerAuthentication } from '../../platform/db/schema.js'

export function signedAuthentication(signer: { signed_authentication: SignerAuthentication | null; signature_kind: string | null }): SignerAuthentication | null {
  return signer.signed_authentication ?? (signer.signature_kind !== null ? 'link' : null)
}
