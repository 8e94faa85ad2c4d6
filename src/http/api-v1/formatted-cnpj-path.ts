// A formatted CNPJ in a path (`/api/v1/customers/11.222.333/0001-81`, and its `/proposals`): its `/` should be
// percent-encoded, but many HTTP clients build the URL by string interpolation and send it as is,
// which would name a path of five segments that no route has. DESIGN §3.1 promises the CNPJ "with
// or without punctuation", so the URL is read as if that one `/` had been encoded, before routing
// (Fastify's rewriteUrl). Only that shape is rewritten: a customer code with a `/` must still be
// encoded (it could be anything), and every other path is left alone.
const UNENCODED_CNPJ = /^(\/api\/v1\/customers\/[0-9A-Za-z]{2}\.?[0-9A-Za-z]{3}\.?[0-9A-Za-z]{3})\/([0-9A-Za-z]{4}-?[0-9]{2}(?:\/proposals)?(?:[?#].*)?)$/

/** The URL with the `/` of a formatted CNPJ in a customer's path percent-encoded; any other URL as it is. */
export function withEncodedCnpjSlash(url: string): string {
  const match = UNENCODED_CNPJ.exec(url)
  return match ? `${match[1]}%2F${match[2]}` : url
}
