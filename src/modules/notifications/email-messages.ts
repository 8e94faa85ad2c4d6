// The words of every e-mail the system sends, in Brazilian Portuguese: a plain-text body (what the
// outbox page shows and what every client can read) and a simple HTML body in which every value
// that came from people (names, titles, reasons, links) is HTML-escaped.
import { escapeHtml } from '../../platform/http/escape-html.js'
import { formatCalendarDate, formatMoney } from '../../platform/pt-br-format.js'

export interface EmailMessage {
  subject: string
  text: string
  html: string
}

export interface ProposalRef {
  number: number
  title: string
}

export interface SigningEmailInput {
  accountName: string
  proposal: ProposalRef
  signer: { name: string }
  signUrl: string
  /** Calendar date "2026-12-31" (the document's valid_until), if it has one. */
  validUntil?: string | null
  /** What the seller wrote to the signers when sending (lifecycle/signer-correspondence.ts). */
  message?: string | null
  /** Who a reply reaches; without one the footer says not to reply. */
  replyTo?: ReplyTarget | null
  /** The company's logo, shown atop the HTML body (attached inline when the message is sent). */
  logo?: LogoSize | null
}

export interface ReplyTarget {
  name: string
}

export interface LogoSize {
  width: number
  height: number
  /** The image's SHA-256 (hex): its Content-ID names this very image, at this size. */
  sha256: string
}

/**
 * The Content-ID of one logo image in an HTML body. The send job attaches the account's logo under
 * it when it is still that image, or drops the paragraph that shows it when the logo was removed
 * or replaced since the message was queued (another image would be stretched to this one's size).
 */
export function logoContentId(sha256: string): string {
  return `account-logo-${sha256.slice(0, 32)}@vendoc`
}
/**
 * The paragraph that shows the logo, as the send job finds it, with its Content-ID. User text is
 * escaped in the bodies (`<` becomes `&lt;`), so no name or message can forge it.
 */
export const LOGO_PARAGRAPH = /<p class="vendoc-logo"><img src="cid:(account-logo-[0-9a-f]{32}@vendoc)"[^\n]*<\/p>\n/

/** Displayed at most this tall and wide (CSS pixels), whatever the stored image's size. */
const LOGO_MAX_HEIGHT = 48
const LOGO_MAX_WIDTH = 240

function logoParagraph(accountName: string, logo: LogoSize | null | undefined): string[] {
  if (!logo) return []
  const scale = Math.min(1, LOGO_MAX_HEIGHT / logo.height, LOGO_MAX_WIDTH / logo.width)
  const width = Math.max(1, Math.round(logo.width * scale))
  const height = Math.max(1, Math.round(logo.height * scale))
  return [`<img src="cid:${logoContentId(logo.sha256)}" alt="${escapeHtml(oneLine(accountName))}" width="${width}" height="${height}" style="display: block; border: 0">`]
}

export interface CompletedEmailInput {
  accountName: string
  proposal: ProposalRef
  /** null: an address of the document's copy_to, which has no name; it is told why it got the copy. */
  recipientName: string | null
  /** Who a reply reaches (a signer's copy); none for the seller's own copy. */
  replyTo?: ReplyTarget | null
  logo?: LogoSize | null
  /** The names of the document's attachments, which the signed PDF lists with their hashes but does not hold. */
  attachmentNames?: readonly string[]
}

export interface RejectedEmailInput {
  accountName: string
  proposal: ProposalRef
  signerName: string
  reason: string
}

export interface DocumentActivityEmailInput {
  accountName: string
  proposal: ProposalRef
  signerName: string
  /**
   * The first open of the document by a signer, a signature that leaves others to collect, or a
   * signer back after a day or more away (`visits` so far, `daysAway` since the visit before).
   */
  activity: { type: 'viewed' } | { type: 'signed'; remaining: number } | { type: 'returned'; visits: number; daysAway: number }
  /** The document's page in the app. */
  documentUrl: string
  /** Where the recipient turns these notices off (Minha conta). */
  preferencesUrl: string
}

/** Subjects are headers: one line, whatever the names hold. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim()
}

/** Paragraphs → the HTML body; each paragraph is already escaped HTML. The logo, if any, comes first. */
function htmlDocument(paragraphs: string[], logo: string[] = []): string {
  const body = [...logo.map((image) => `<p class="vendoc-logo">${image}</p>`), ...paragraphs.map((paragraph) => `<p>${paragraph}</p>`)].join('\n')
  return `<!doctype html>\n<html lang="pt-BR"><head><meta charset="utf-8"></head><body style="font-family: sans-serif; line-height: 1.5; color: #1f2937">\n${body}\n</body></html>\n`
}

function button(url: string, label: string): string {
  const href = escapeHtml(url)
  return `<a href="${href}" style="display: inline-block; padding: 10px 18px; background: #2563eb; color: #ffffff; text-decoration: none; border-radius: 6px">${escapeHtml(label)}</a><br><small>${escapeHtml('Ou copie o endereço:')} ${href}</small>`
}

function documentLabel(proposal: ProposalRef): string {
  return `nº ${proposal.number} — ${oneLine(proposal.title)}`
}

const FOOTER = 'Esta mensagem foi enviada automaticamente pelo Vendoc. Não responda a este e-mail.'

/** The footer of a message a signer may answer: the reply goes to a person (its Reply-To header). */
function footerFor(accountName: string, replyTo: ReplyTarget | null | undefined): string {
  if (!replyTo) return FOOTER
  return `Esta mensagem foi enviada pelo Vendoc em nome de ${oneLine(accountName)}. Se tiver dúvidas, responda a este e-mail: a resposta vai para ${oneLine(replyTo.name)}.`
}

/** Someone's text, quoted as written: its lines behind "> " in the text part, beside a rule in HTML. */
function quoted(message: string): { text: string[]; html: string } {
  const lines = message.split('\n')
  return {
    text: lines.map((line) => (line === '' ? '>' : `> ${line}`)),
    html: `<span style="display: block; border-left: 3px solid #cbd5e1; padding-left: 10px; color: #334155">${lines.map(escapeHtml).join('<br>')}</span>`,
  }
}

/** The seller's message, quoted: a heading line, then its lines as written. */
function quotedMessage(accountName: string, message: string | null | undefined): { text: string[]; html: string[] } {
  if (!message) return { text: [], html: [] }
  const heading = `Mensagem de ${oneLine(accountName)}:`
  const quote = quoted(message)
  return { text: [heading, ...quote.text, ''], html: [`<strong>${escapeHtml(heading)}</strong><br>${quote.html}`] }
}

function signingEmail(input: SigningEmailInput, variant: 'invitation' | 'reminder'): EmailMessage {
  const account = oneLine(input.accountName)
  const doc = documentLabel(input.proposal)
  const subject =
    variant === 'invitation'
      ? `Documento nº ${input.proposal.number} para assinatura — ${account}`
      : `Lembrete: documento nº ${input.proposal.number} aguarda sua assinatura — ${account}`
  const intro =
    variant === 'invitation'
      ? `${account} enviou o documento ${doc} para você assinar.`
      : `Lembramos que o documento ${doc}, enviado por ${account}, ainda aguarda a sua assinatura.`
  const validity = input.validUntil ? `O link vale até ${formatCalendarDate(input.validUntil)}.` : null
  const quoted = quotedMessage(input.accountName, input.message)
  const footer = footerFor(input.accountName, input.replyTo)
  const text = [
    `Olá, ${input.signer.name},`,
    '',
    intro,
    '',
    ...quoted.text,
    'Para ler e assinar, abra o link abaixo:',
    input.signUrl,
    '',
    ...(validity ? [validity, ''] : []),
    'O link é pessoal: não o encaminhe a outras pessoas.',
    '',
    footer,
    '',
  ].join('\n')
  const html = htmlDocument([
    `Olá, ${escapeHtml(input.signer.name)},`,
    escapeHtml(intro),
    ...quoted.html,
    button(input.signUrl, 'Ler e assinar o documento'),
    ...(validity ? [escapeHtml(validity)] : []),
    escapeHtml('O link é pessoal: não o encaminhe a outras pessoas.'),
    `<small>${escapeHtml(footer)}</small>`,
  ], logoParagraph(input.accountName, input.logo))
  return { subject: oneLine(subject), text, html }
}

/** The first message a signer receives when it is their turn to sign. */
export function invitationEmail(input: SigningEmailInput): EmailMessage {
  return signingEmail(input, 'invitation')
}

/** The same link again, on demand (resend) to a signer who has not signed yet. */
export function reminderEmail(input: SigningEmailInput): EmailMessage {
  return signingEmail(input, 'reminder')
}

export interface SignerCodeEmailInput {
  accountName: string
  proposal: { number: number; title: string }
  signerName: string
  code: string
  validMinutes: number
}

/**
 * The code a signer asked for on the signing page (lifecycle/signer-email-code.ts). A credential:
 * never shown in the account's outbox and emptied once sent (queue-email.ts), so whoever sent the
 * document cannot sign in the signer's place.
 */
export function signerCodeEmail(input: SignerCodeEmailInput): EmailMessage {
  const account = oneLine(input.accountName)
  const doc = documentLabel(input.proposal)
  // Never the code in the subject: the account's outbox lists subjects.
  const subject = `Código para assinar o documento nº ${input.proposal.number} — ${account}`
  const intro = `Para assinar o documento ${doc}, enviado por ${account}, digite este código na página de assinatura:`
  const notes = [
    `O código vale por ${input.validMinutes} minutos e só pode ser usado uma vez.`,
    'Não o informe a ninguém: ele confirma que é você quem assina. Se você não pediu este código, ignore esta mensagem.',
  ]
  const text = [`Olá, ${input.signerName},`, '', intro, '', input.code, '', ...notes, '', FOOTER, ''].join('\n')
  const html = htmlDocument([
    `Olá, ${escapeHtml(input.signerName)},`,
    escapeHtml(intro),
    `<strong style="font-size:24px;letter-spacing:4px">${escapeHtml(input.code)}</strong>`,
    ...notes.map(escapeHtml),
    `<small>${escapeHtml(FOOTER)}</small>`,
  ])
  return { subject: oneLine(subject), text, html }
}

/** Everyone signed; the caller attaches the signed PDF (queueEmail's attachmentFileId). */
export function completedEmail(input: CompletedEmailInput): EmailMessage {
  const account = oneLine(input.accountName)
  const doc = documentLabel(input.proposal)
  const subject = `Documento nº ${input.proposal.number} assinado — ${account}`
  const body = `O documento ${doc}, de ${account}, foi assinado por todas as partes.`
  const attached = 'A via assinada, com a página de evidências das assinaturas, segue anexa em PDF.'
  // The attachments are part of what was signed, but too large for an inbox: named here, kept by the sender.
  const names = (input.attachmentNames ?? []).map(oneLine)
  const listed = names.length === 1
    ? `Faz parte do documento o anexo ${names[0]}, identificado no PDF assinado pelo seu código SHA-256 (o arquivo não segue neste e-mail).`
    : `Fazem parte do documento os ${names.length} anexos ${names.join('; ')}, identificados no PDF assinado pelos seus códigos SHA-256 (os arquivos não seguem neste e-mail).`
  // Whoever can reply (a signer, a copy's address) is told how to get them; the seller's own copy is not.
  const ask = input.replyTo ? [`Se não guardou uma cópia, responda a este e-mail para solicitá-la a ${account}.`] : []
  const annexes = names.length === 0 ? [] : [listed, ...ask]
  const why = input.recipientName === null ? [`Você recebe esta cópia porque ${account} indicou este endereço no documento.`] : []
  const greeting = input.recipientName === null ? 'Olá,' : `Olá, ${input.recipientName},`
  const footer = footerFor(input.accountName, input.replyTo)
  const text = [greeting, '', body, ...why, attached, ...annexes, '', footer, ''].join('\n')
  const html = htmlDocument([escapeHtml(greeting), escapeHtml(body), ...why.map(escapeHtml), escapeHtml(attached), ...annexes.map(escapeHtml), `<small>${escapeHtml(footer)}</small>`], logoParagraph(input.accountName, input.logo))
  return { subject: oneLine(subject), text, html }
}

/** A signer refused to sign: the account is told who and why. */
export function rejectedEmail(input: RejectedEmailInput): EmailMessage {
  const account = oneLine(input.accountName)
  const doc = documentLabel(input.proposal)
  const subject = `Documento nº ${input.proposal.number} recusado — ${account}`
  const body = `${input.signerName} recusou a assinatura do documento ${doc}.`
  const text = ['Olá,', '', body, '', 'Motivo informado:', input.reason, '', FOOTER, ''].join('\n')
  const html = htmlDocument([
    'Olá,',
    escapeHtml(body),
    `<strong>${escapeHtml('Motivo informado:')}</strong><br>${escapeHtml(input.reason).replace(/\r?\n/g, '<br>')}`,
    `<small>${escapeHtml(FOOTER)}</small>`,
  ])
  return { subject: oneLine(subject), text, html }
}

/** The seller hears that the customer is acting on the document: its first open, each signature short of the last. */
export function documentActivityEmail(input: DocumentActivityEmailInput): EmailMessage {
  const account = oneLine(input.accountName)
  const signer = oneLine(input.signerName)
  const doc = documentLabel(input.proposal)
  const { activity } = input
  const number = input.proposal.number
  const [subject, paragraphs] =
    activity.type === 'viewed'
      ? [`${signer} abriu o documento nº ${number} — ${account}`, [`${signer} abriu o documento ${doc} pela primeira vez.`]]
      : activity.type === 'signed'
        ? [`${signer} assinou o documento nº ${number} — ${account}`, [`${signer} assinou o documento ${doc}.`, activity.remaining === 1 ? 'Falta 1 assinatura.' : `Faltam ${activity.remaining} assinaturas.`]]
        : [
            `${signer} voltou ao documento nº ${number} — ${account}`,
            [
              `${signer} abriu de novo o documento ${doc}, ${activity.daysAway === 1 ? '1 dia' : `${activity.daysAway} dias`} depois da visita anterior. É a ${activity.visits}ª visita, e ${signer} ainda não assinou.`,
              'Um bom momento para entrar em contato.',
            ],
          ]
  return sellerNoticeEmail(subject, paragraphs, [{ lead: 'Acompanhe no Vendoc:', url: input.documentUrl, label: 'Ver o documento no Vendoc' }], input.preferencesUrl)
}

export interface CommentNoticeEmailInput {
  accountName: string
  proposal: ProposalRef
  /** Who wrote it, as people read it ("Carla Mendes", "A integração “CRM”"). */
  authorName: string
  /** The comment as stored (proposals/proposal-comments.ts): its line breaks "\n". */
  text: string
  /**
   * Why this user hears of it: 'asked', the author chose to tell them; 'follows', they are the
   * document's seller (or, without an active one, an admin), told of every comment by others.
   */
  reason: 'asked' | 'follows'
  /** The comments on the document's page. */
  commentsUrl: string
  /** Where a 'follows' notice is turned off (Minha conta); an 'asked' one cannot be. */
  preferencesUrl?: string
}

/** A colleague commented a document: the comment itself, where to answer it, and why this user was told. */
export function commentNoticeEmail(input: CommentNoticeEmailInput): EmailMessage {
  const author = oneLine(input.authorName)
  const doc = documentLabel(input.proposal)
  const subject = `${author} comentou no documento nº ${input.proposal.number} — ${oneLine(input.accountName)}`
  const body = input.reason === 'asked' ? `${author} marcou você em um comentário interno do documento ${doc}:` : `${author} comentou no documento ${doc}:`
  const why = input.reason === 'asked' ? [] : ['Você recebe este aviso porque é o vendedor do documento (ou, se ele não tiver vendedor ativo, porque é administrador da conta).']
  const paragraphs: NoticeParagraph[] = [body, { quote: input.text }, 'Comentários internos são só da equipe: o cliente e os signatários não os veem.', ...why]
  return sellerNoticeEmail(subject, paragraphs, [{ lead: 'Para responder, comente na página do documento:', url: input.commentsUrl, label: 'Ver os comentários no Vendoc' }], input.preferencesUrl)
}

export interface ExpiryNoticeInput {
  accountName: string
  proposal: ProposalRef & { customerName: string; signatureType: 'digital' | 'paper' }
  /** The last valid day, a calendar date ("2026-12-31"). */
  validUntil: string
  /** The document's page in the app. */
  documentUrl: string
}

export interface ExpiryWarningEmailInput extends ExpiryNoticeInput {
  /** Whole days from today (in the account's zone) to the last valid day: 0 is today. */
  daysLeft: number
  /** Signatures still missing. */
  remaining: number
  /** Where the recipient turns these warnings off (Minha conta). */
  preferencesUrl: string
}

/** "vence hoje", "vence amanhã", "vence em 3 dias" (also the Painel's words for it). */
export function expiresIn(daysLeft: number): string {
  return daysLeft <= 0 ? 'vence hoje' : daysLeft === 1 ? 'vence amanhã' : `vence em ${daysLeft} dias`
}

/** A few days before a document still waiting for signatures expires, its seller is warned once. */
export function expiryWarningEmail(input: ExpiryWarningEmailInput): EmailMessage {
  const account = oneLine(input.accountName)
  const doc = documentLabel(input.proposal)
  const subject = `Documento nº ${input.proposal.number} ${expiresIn(input.daysLeft)} — ${account}`
  const digital = input.proposal.signatureType === 'digital'
  const missing = !digital ? 'ainda não foi marcado como assinado' : input.remaining === 1 ? 'ainda falta 1 assinatura' : `ainda faltam ${input.remaining} assinaturas`
  const body = `O documento ${doc}, para ${oneLine(input.proposal.customerName)}, vale até ${formatCalendarDate(input.validUntil)} e ${missing}.`
  const after = digital
    ? 'Depois dessa data ele vence: os links de assinatura deixam de funcionar e a validade não pode ser prorrogada.'
    : 'Depois dessa data ele vence e não pode mais ser marcado como assinado; a validade não pode ser prorrogada.'
  const what = digital ? 'Se quiser, envie um lembrete aos signatários pela página do documento.' : 'Se ele já foi assinado em papel, marque-o como assinado na página do documento.'
  return sellerNoticeEmail(subject, [body, after, what], [{ lead: 'Abra o documento no Vendoc:', url: input.documentUrl, label: 'Ver o documento no Vendoc' }], input.preferencesUrl)
}

export interface ExpiredEmailInput extends ExpiryNoticeInput {
  /** The form of a new document with this one's content ("Duplicar"). */
  duplicateUrl: string
}

/** A document expired before everyone signed: its seller is always told, with the way to send it again. */
export function expiredEmail(input: ExpiredEmailInput): EmailMessage {
  const account = oneLine(input.accountName)
  const doc = documentLabel(input.proposal)
  const subject = `Documento nº ${input.proposal.number} venceu — ${account}`
  const how = input.proposal.signatureType === 'digital' ? 'antes de ser assinado por todas as partes. Os links de assinatura não funcionam mais.' : 'sem ter sido marcado como assinado.'
  const body = `O documento ${doc}, para ${oneLine(input.proposal.customerName)}, valia até ${formatCalendarDate(input.validUntil)} e venceu ${how}`
  const why = 'A validade de um documento enviado não pode ser prorrogada: ela está impressa no documento que os signatários leem e assinam.'
  return sellerNoticeEmail(subject, [body, why], [
    { lead: 'Para dar mais prazo ao cliente, duplique-o com uma nova validade e envie a cópia:', url: input.duplicateUrl, label: 'Duplicar o documento' },
    { lead: 'O documento vencido continua no Vendoc:', url: input.documentUrl, label: 'Ver o documento no Vendoc' },
  ])
}

export interface DiscountApprovalRequestInput {
  accountName: string
  proposal: ProposalRef
  requesterName: string
  /** The discount's share of the subtotal and the limit it passes, as people read them ("18,5%"). */
  share: string
  limit: string
  subtotalCents: number
  discountCents: number
  /** The document's page in the app, where an admin approves. */
  documentUrl: string
}

/** The account's admins are asked to approve a discount above the limit its draft answers to (its seller's, else the account's). */
export function discountApprovalRequestEmail(input: DiscountApprovalRequestInput): EmailMessage {
  const account = oneLine(input.accountName)
  const subject = `Aprovação de desconto: documento nº ${input.proposal.number} — ${account}`
  const body = `${oneLine(input.requesterName)} pede sua aprovação para o desconto do documento ${documentLabel(input.proposal)}: ${formatMoney(input.discountCents)} sobre ${formatMoney(input.subtotalCents)}, ${input.share} do valor, acima do limite de ${input.limit} sem aprovação.`
  const what = 'O documento só pode ser enviado depois que um administrador aprovar o desconto na página dele.'
  return sellerNoticeEmail(subject, [body, what], [{ lead: 'Abra o documento no Vendoc para aprovar:', url: input.documentUrl, label: 'Ver o documento no Vendoc' }])
}

/** Whoever asked hears that the discount was approved. */
export function discountApprovedEmail(input: { accountName: string; proposal: ProposalRef; approverName: string; share: string; documentUrl: string }): EmailMessage {
  const subject = `Desconto aprovado: documento nº ${input.proposal.number} — ${oneLine(input.accountName)}`
  const body = `${oneLine(input.approverName)} aprovou o desconto de ${input.share} do documento ${documentLabel(input.proposal)}. Ele já pode ser enviado.`
  const note = 'Se o desconto aumentar, será preciso uma nova aprovação.'
  return sellerNoticeEmail(subject, [body, note], [{ lead: 'Abra o documento no Vendoc:', url: input.documentUrl, label: 'Ver o documento no Vendoc' }])
}

/** A paragraph of a notice: a sentence, or someone's text quoted as written (a comment). */
type NoticeParagraph = string | { quote: string }

/** A notice to the seller's side: paragraphs, links each with its lead, and where to turn the notice off if it can be. */
function sellerNoticeEmail(subject: string, paragraphs: NoticeParagraph[], links: { lead: string; url: string; label: string }[], preferencesUrl?: string): EmailMessage {
  const optOut = preferencesUrl ? { lead: 'Para deixar de receber estes avisos, ajuste em Minha conta:', url: preferencesUrl } : null
  const text = [
    'Olá,',
    '',
    // One line each, as they always were; a quote stands apart, between blank lines.
    ...paragraphs.flatMap((paragraph) => (typeof paragraph === 'string' ? [paragraph] : ['', ...quoted(paragraph.quote).text, ''])),
    ...links.flatMap((link) => ['', link.lead, link.url]),
    ...(optOut ? ['', optOut.lead, optOut.url] : []),
    '',
    FOOTER,
    '',
  ].join('\n')
  const html = htmlDocument([
    'Olá,',
    ...paragraphs.map((paragraph) => (typeof paragraph === 'string' ? escapeHtml(paragraph) : quoted(paragraph.quote).html)),
    ...links.flatMap((link) => [escapeHtml(link.lead), button(link.url, link.label)]),
    ...(optOut ? [`<small>${escapeHtml(optOut.lead)} <a href="${escapeHtml(optOut.url)}">${escapeHtml(optOut.url)}</a></small>`] : []),
    `<small>${escapeHtml(FOOTER)}</small>`,
  ])
  return { subject: oneLine(subject), text, html }
}

export interface PasswordResetEmailInput {
  userName: string
  resetUrl: string
  /** Whole minutes the link stays valid. */
  validMinutes: number
}

/** A message whose point is one link that sets a password (a reset, an invitation): greeting, why, the link, the notes. */
function passwordLinkEmail(subject: string, input: { userName: string; intro: string; lead: string; url: string; buttonLabel: string; notes: string[] }): EmailMessage {
  const text = [`Olá, ${input.userName},`, '', input.intro, '', input.lead, input.url, '', ...input.notes, '', FOOTER, ''].join('\n')
  const html = htmlDocument([
    `Olá, ${escapeHtml(input.userName)},`,
    escapeHtml(input.intro),
    button(input.url, input.buttonLabel),
    ...input.notes.map(escapeHtml),
    `<small>${escapeHtml(FOOTER)}</small>`,
  ])
  return { subject: oneLine(subject), text, html }
}

/** "Esqueci minha senha": the link that sets a new password, once, within the hour. */
export function passwordResetEmail(input: PasswordResetEmailInput): EmailMessage {
  return passwordLinkEmail('Redefinição de senha do Vendoc', {
    userName: input.userName,
    intro: 'Recebemos um pedido para redefinir a senha da sua conta no Vendoc.',
    lead: 'Para escolher uma nova senha, abra o link abaixo:',
    url: input.resetUrl,
    buttonLabel: 'Escolher uma nova senha',
    notes: [`O link vale por ${input.validMinutes} minutos e só pode ser usado uma vez.`, 'Se você não pediu, ignore esta mensagem: sua senha continua a mesma.'],
  })
}

export interface UserInvitationEmailInput {
  userName: string
  accountName: string
  /** The admin who sent it. */
  inviterName: string
  inviteUrl: string
  /** Whole days the link stays valid. */
  validDays: number
}

/** A new user of an account is invited to choose their own password (Cadastros › Usuários). */
export function userInvitationEmail(input: UserInvitationEmailInput): EmailMessage {
  const account = oneLine(input.accountName)
  return passwordLinkEmail(`Convite para acessar ${account} no Vendoc`, {
    userName: input.userName,
    intro: `${oneLine(input.inviterName)} convidou você para acessar a conta ${account} no Vendoc, onde a equipe prepara e envia propostas, orçamentos e contratos.`,
    lead: 'Para escolher a sua senha, abra o link abaixo:',
    url: input.inviteUrl,
    buttonLabel: 'Escolher a minha senha',
    notes: [
      `O link vale por ${input.validDays} dias e só pode ser usado uma vez. Depois, entre com o seu e-mail e a senha escolhida.`,
      'Se você não esperava este convite, ignore esta mensagem: nenhum acesso é criado sem a senha.',
    ],
  })
}

/** What changed in a user's sign-in security (accounts/security-notices.ts). */
export type SecurityNoticeEvent =
  | { kind: 'two_factor_on' }
  | { kind: 'two_factor_off'; keysRemoved?: number }
  | { kind: 'two_factor_reset'; by: string; keysRemoved?: number }
  | { kind: 'recovery_codes_renewed' }
  | { kind: 'recovery_code_used'; left: number }
  | { kind: 'password_changed' }
  | { kind: 'password_reset' }
  | { kind: 'password_set'; by: string }
  | { kind: 'security_key_added'; name: string }
  | { kind: 'security_key_removed'; name: string }

/** Keys go with two-step verification: the user is told, or they would find out at the next sign-in. */
function keysRemovedLine(count: number | undefined): string[] {
  if (!count) return []
  return [count === 1 ? 'A sua chave de segurança também foi removida.' : `As suas ${count} chaves de segurança também foram removidas.`]
}

function securityNoticeText(event: SecurityNoticeEvent): { subject: string; lines: string[] } {
  switch (event.kind) {
    case 'two_factor_on':
      return { subject: 'Verificação em duas etapas ativada', lines: ['A verificação em duas etapas foi ativada na sua conta do Vendoc: ao entrar, depois da senha, será pedido o código do aplicativo autenticador.', 'As suas outras sessões foram encerradas.'] }
    case 'two_factor_off':
      return { subject: 'Verificação em duas etapas desativada', lines: ['A verificação em duas etapas foi desativada na sua conta do Vendoc: ao entrar, só a senha será pedida.', ...keysRemovedLine(event.keysRemoved)] }
    case 'two_factor_reset':
      return { subject: 'Verificação em duas etapas desativada', lines: [`${oneLine(event.by)} desativou a verificação em duas etapas da sua conta do Vendoc: ao entrar, só a senha será pedida. Você pode ativá-la de novo em Minha conta.`, ...keysRemovedLine(event.keysRemoved)] }
    case 'recovery_codes_renewed':
      return { subject: 'Novos códigos de recuperação', lines: ['Novos códigos de recuperação foram gerados para a sua conta do Vendoc; os anteriores deixaram de valer.'] }
    case 'password_changed':
      return { subject: 'Senha alterada', lines: ['A senha da sua conta do Vendoc foi alterada, e as suas outras sessões foram encerradas.'] }
    case 'password_reset':
      return { subject: 'Senha redefinida', lines: ['A senha da sua conta do Vendoc foi redefinida pelo link enviado a este e-mail, e todas as suas sessões foram encerradas.'] }
    case 'password_set':
      return { subject: 'Senha alterada', lines: [`${oneLine(event.by)} definiu uma nova senha para a sua conta do Vendoc, e as suas sessões foram encerradas.`] }
    case 'recovery_code_used':
      return { subject: 'Código de recuperação usado', lines: [`Um código de recuperação foi usado para entrar na sua conta do Vendoc. ${event.left === 1 ? 'Resta 1 código.' : `Restam ${event.left} códigos.`}`] }
    case 'security_key_added':
      return { subject: 'Chave de segurança adicionada', lines: [`A chave de segurança “${oneLine(event.name)}” foi adicionada à sua conta do Vendoc: ao entrar, ela pode substituir o código do aplicativo.`] }
    case 'security_key_removed':
      return { subject: 'Chave de segurança removida', lines: [`A chave de segurança “${oneLine(event.name)}” foi removida da sua conta do Vendoc e não serve mais para entrar.`] }
  }
}

/** Tells a user of a change to how they sign in, so that one they did not make does not go unseen. */
export function securityNoticeEmail(input: { userName: string; event: SecurityNoticeEvent }): EmailMessage {
  const { subject, lines } = securityNoticeText(input.event)
  // Someone whose password changed cannot open Minha conta with the old one: the way back is the link.
  const warning = input.event.kind.startsWith('password_')
    ? 'Se não foi você, use “Esqueci minha senha” na página de entrada do Vendoc e avise o administrador da conta.'
    : input.event.kind === 'security_key_added'
      ? // A key someone else added outlives a new password: it must go first.
        'Se não foi você, remova a chave em Minha conta → Verificação em duas etapas, troque a sua senha e avise o administrador da conta.'
      : 'Se não foi você, troque a sua senha em Minha conta e avise o administrador da conta.'
  const text = [`Olá, ${input.userName},`, '', ...lines, '', warning, '', FOOTER, ''].join('\n')
  const html = htmlDocument([`Olá, ${escapeHtml(input.userName)},`, ...lines.map(escapeHtml), `<strong>${escapeHtml(warning)}</strong>`, `<small>${escapeHtml(FOOTER)}</small>`])
  return { subject: `${subject} — Vendoc`, text, html }
}
