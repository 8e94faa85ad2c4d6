// A browser stand-in for web tests through app.inject: keeps the cookies the app sets, and fills
// in the CSRF token of the page a form comes from, as a browser submitting that page would.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'

export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html)
  if (!match) throw new Error('the page has no _csrf field')
  return match[1]!
}

/** A file of a multipart form: the field's name, and what a browser sends of the chosen file. */
export interface FormFile {
  name: string
  fileName: string
  contentType: string
  bytes: Uint8Array
}

export class WebAgent {
  readonly cookies = new Map<string, string>()

  constructor(
    private readonly app: FastifyInstance,
    private readonly remoteAddress = '127.0.0.1',
    /** The User-Agent header to send; light-my-request's own ("lightMyRequest") when absent. */
    private readonly userAgent?: string,
  ) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: this.browserHeaders(), remoteAddress: this.remoteAddress }))
  }

  /** POSTs the fields as a urlencoded form, exactly as given (no token added; URLSearchParams for a repeated name). */
  async post(url: string, fields: Record<string, string> | URLSearchParams): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { ...this.browserHeaders(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
        remoteAddress: this.remoteAddress,
      }),
    )
  }

  /** Opens `pageUrl` and submits its form to `action` with the page's CSRF token. */
  async submit(pageUrl: string, action: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    const page = await this.get(pageUrl)
    if (page.statusCode !== 200) throw new Error(`GET ${pageUrl} answered ${page.statusCode}`)
    return this.post(action, { _csrf: csrfTokenIn(page.body), ...fields })
  }

  /** POSTs the fields and files as multipart/form-data, as a browser sends a form with a file input. */
  async postMultipart(url: string, fields: Record<string, string>, files: FormFile[] = []): Promise<LightMyRequestResponse> {
    const form = new FormData()
    for (const [name, value] of Object.entries(fields)) form.append(name, value)
    for (const file of files) form.append(file.name, new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.fileName)
    // The platform's own encoder writes the boundary and the parts, as a browser's would.
    const encoded = new Response(form)
    const payload = Buffer.from(await encoded.arrayBuffer())
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { ...this.browserHeaders(), 'content-type': encoded.headers.get('content-type')! },
        payload,
        remoteAddress: this.remoteAddress,
      }),
    )
  }

  /** Opens `pageUrl` and submits its file form to `action` with the page's CSRF token. */
  async submitMultipart(pageUrl: string, action: string, fields: Record<string, string>, files: FormFile[]): Promise<LightMyRequestResponse> {
    const page = await this.get(pageUrl)
    if (page.statusCode !== 200) throw new Error(`GET ${pageUrl} answered ${page.statusCode}`)
    return this.postMultipart(action, { _csrf: csrfTokenIn(page.body), ...fields }, files)
  }

  private browserHeaders(): Record<string, string> {
    const browser: Record<string, string> = this.userAgent === undefined ? {} : { 'user-agent': this.userAgent }
    return this.cookies.size === 0 ? browser : { ...browser, cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') }
  }

  private keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies as Array<{ name: string; value: string; maxAge?: number }>) {
      if (cookie.maxAge === 0 || cookie.value === '') this.cookies.delete(cookie.name)
      else this.cookies.set(cookie.name, cookie.value)
    }
    return response
  }
}
