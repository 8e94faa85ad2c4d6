// The shapes of a document's attachments in the API (proposal-attachments.ts routes).
import Type from 'typebox'
import { MAX_ID } from './common.js'
import { ProposalReferenceParams } from './proposal-actions.js'

export const AttachmentSchema = Type.Object(
  {
    id: Type.Integer({ minimum: 1, description: 'The attachment’s id (unique in the installation; read and removed through its document).', example: 5021 }),
    file_name: Type.String({ description: 'The name it was added with (".pdf" appended when it had no such ending).', example: 'especificacao-tecnica.pdf' }),
    content_type: Type.Literal('application/pdf'),
    size: Type.Integer({ minimum: 1, description: 'Bytes.', example: 184320 }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'Hex SHA-256 of the file, as the document’s PDF prints it under "Anexos".', example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }),
    created_at: Type.String({ format: 'date-time', example: '2026-12-07T14:00:00.000Z' }),
  },
  { title: 'ProposalAttachment', additionalProperties: false },
)

export const AttachmentListSchema = Type.Object({ data: Type.Array(AttachmentSchema) }, { title: 'ProposalAttachmentList' })

export const AddAttachmentBody = Type.Object(
  {
    file_name: Type.String({ minLength: 1, maxLength: 1000, description: 'Shown to the signers and printed in the PDF; trimmed, at most 120 characters, with a name before ".pdf", and no slashes, control or format characters (such as a right-to-left override) or line separators; ".pdf" is appended when missing.', example: 'especificacao-tecnica.pdf' }),
    content_base64: Type.String({ minLength: 4, maxLength: 14_700_000, description: 'The PDF, base64 encoded (standard or URL-safe alphabet, line breaks ignored); at most 10 MB once decoded, and it must start as a PDF does (`%PDF`).' }),
  },
  { title: 'AddProposalAttachment', additionalProperties: false },
)

export const AttachmentParams = Type.Object({
  ...ProposalReferenceParams.properties,
  attachment_id: Type.Integer({ minimum: 1, maximum: MAX_ID, description: 'The attachment’s `id`.', example: 5021 }),
})
