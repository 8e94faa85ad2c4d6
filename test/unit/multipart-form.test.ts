// The web app's multipart parser on its own: a form with a file becomes the flat object a plain
// form gives, and a body it cannot read (cut short, two files, a field too long) is refused with a
// 400, never left hanging nor raised where no one catches it.
import { describe, expect, it } from 'vitest'
import { parseMultipartForm, formFile } from '../../src/http/web/multipart-form.js'

const HEADERS = { 'content-type': 'multipart/form-data; boundary=X' }

function body(...parts: string[]): Buffer {
  return Buffer.from(parts.join('\r\n'), 'latin1')
}

describe('parseMultipartForm', () => {
  it('gives fields as strings (arrays when a name repeats) and the file with its name, type and bytes', async () => {
    const parsed = await parseMultipartForm(HEADERS, body(
      '--X', 'Content-Disposition: form-data; name="_csrf"', '', 'token',
      '--X', 'Content-Disposition: form-data; name="tag"', '', 'a',
      '--X', 'Content-Disposition: form-data; name="tag"', '', 'b',
      '--X', 'Content-Disposition: form-data; name="scan"; filename="C:\\\\pasta\\\\contrato.pdf"', 'Content-Type: application/pdf', '', '%PDF-1.4',
      '--X--', '',
    ))
    expect(parsed._csrf).toBe('token')
    expect(parsed.tag).toEqual(['a', 'b'])
    expect(formFile(parsed, 'scan')).toEqual({ kind: 'uploaded-file', fileName: 'contrato.pdf', contentType: 'application/pdf', bytes: Buffer.from('%PDF-1.4') })
    expect(formFile(parsed, 'tag')).toBeNull()
  })

  it('refuses a body cut inside a file part, inside a field, or without a boundary, with a 400', async () => {
    const cases = [
      body('--X', 'Content-Disposition: form-data; name="a"; filename="a"', '', 'abc'),
      body('--X', 'Content-Disposition: form-data; name="a"', '', 'abc'),
    ]
    for (const payload of cases) await expect(parseMultipartForm(HEADERS, payload)).rejects.toMatchObject({ statusCode: 400 })
    await expect(parseMultipartForm({ 'content-type': 'multipart/form-data' }, body('x'))).rejects.toMatchObject({ statusCode: 400 })
  })

  it('refuses a second file and a field over 64 KB', async () => {
    const file = (name: string) => ['--X', `Content-Disposition: form-data; name="${name}"; filename="${name}.pdf"`, '', '%PDF']
    await expect(parseMultipartForm(HEADERS, body(...file('a'), ...file('b'), '--X--', ''))).rejects.toMatchObject({ statusCode: 400 })
    const long = body('--X', 'Content-Disposition: form-data; name="a"', '', 'x'.repeat(64 * 1024 + 1), '--X--', '')
    await expect(parseMultipartForm(HEADERS, long)).rejects.toMatchObject({ statusCode: 400 })
  })
})
