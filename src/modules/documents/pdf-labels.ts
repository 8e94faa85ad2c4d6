// The fixed wording printed in Vendoc's PDFs (the document is Portuguese, like the app). Kept in
// one place so the original and the evidence page read consistently; the web UI's own texts live
// in src/http/web/i18n/pt-BR.ts.

/** When a payment falls due, counted from the signature. */
function dueWhen(dueInDays: number): string {
  return dueInDays === 0 ? 'na assinatura' : `${dueInDays} ${dueInDays === 1 ? 'dia' : 'dias'} após a assinatura`
}

export const PDF_LABELS = {
  documentNumber: (number: number) => `Proposta nº ${number}`,
  createdAt: 'Criada em',
  issuedAt: 'Emitida em',
  validUntil: 'Válida até',
  customer: 'Cliente',
  seller: 'Vendedor(a)',
  items: 'Itens',
  columns: { code: 'Código', description: 'Descrição', quantity: 'Qtd.', unit: 'Un.', unitPrice: 'Preço unit.', discount: 'Desconto', total: 'Total' },
  subtotal: 'Subtotal',
  discounts: 'Descontos',
  total: 'Total',
  payment: 'Condições de pagamento',
  paymentMethod: 'Forma de pagamento',
  installments: (count: number) => (count === 1 ? 'Pagamento à vista (1 parcela)' : `Pagamento em ${count} parcelas`),
  /** With a down payment: what the installments pay is the rest. */
  downPaymentAndInstallments: (count: number) => (count === 1 ? 'Entrada e o restante em 1 parcela' : `Entrada e o restante em ${count} parcelas`),
  downPayment: (amount: string, dueInDays: number) => `Entrada: ${amount} — ${dueWhen(dueInDays)}`,
  installment: (number: number, amount: string, dueInDays: number) => `${number}ª parcela: ${amount} — ${dueWhen(dueInDays)}`,
  businessDays: 'Vencimentos em sábado, domingo ou feriado nacional passam para o próximo dia útil.',
  validity: 'Validade',
  validityText: (date: string) => `Esta proposta é válida até ${date}.`,
  noValidity: 'Esta proposta não tem data de validade.',
  notes: 'Observações',
  attachments: 'Anexos',
  attachmentsIntro: 'Fazem parte deste documento os arquivos abaixo; o código SHA-256 de cada um identifica exatamente o arquivo anexado.',
  signatures: 'Assinaturas',
  paperSignature: 'Assinatura: ________________________________________',
  paperDate: 'Data: ____/____/________',
  digitalSignature: 'Assinatura eletrônica (registrada na página de evidências)',
  page: (number: number, count: number) => `Página ${number} de ${count}`,
  draft: 'RASCUNHO — documento ainda não enviado',

  evidenceTitle: 'Página de evidências',
  evidenceIntro: 'Registro das assinaturas eletrônicas deste documento, produzido pelo Vendoc.',
  evidenceDocument: 'Documento',
  evidenceCompletedAt: 'Concluído em',
  originalSha256: 'SHA-256 do documento original',
  signer: (index: number) => `Signatário ${index}`,
  name: 'Nome',
  cpf: 'CPF',
  noCpf: 'não informado',
  email: 'E-mail',
  role: 'Papel',
  authentication: 'Autenticação',
  byLink: 'link pessoal de assinatura (sem código de confirmação)',
  byEmailCode: (email: string) => `link pessoal de assinatura e código de uso único enviado a ${email}, digitado ao assinar`,
  emailCorrected: 'E-mail corrigido após o envio',
  correctedBy: (by: string, at: string) => `por ${by}, em ${at}; o link anterior deixou de valer`,
  signatureKind: 'Forma de assinatura',
  typed: (name: string) => `nome digitado: ${name}`,
  drawn: 'assinatura desenhada (imagem abaixo)',
  invalidImage: '(imagem da assinatura ilegível)',
  ip: 'Endereço IP',
  userAgent: 'Navegador (user agent)',
  signedAtUtc: 'Assinado em (UTC)',
  signedAtLocal: (timeZone: string) => `Assinado em (${timeZone})`,
  consent: 'Texto de consentimento aceito',
  signedDocumentSha256: 'SHA-256 do documento assinado',
  signedHashes: 'SHA-256 do documento que cada signatário assinou',
  finalHashNote:
    'O SHA-256 deste arquivo final não pode ser impresso dentro dele mesmo (imprimi-lo mudaria o arquivo e, portanto, o próprio hash). Ele é registrado pelo Vendoc no momento da conclusão e pode ser conferido no aplicativo e na API (campo signed_sha256). Abaixo, o SHA-256 do documento original, sobre o qual as assinaturas foram feitas:',
  verifyAt: (url: string) => `Para conferir que este arquivo é autêntico e não foi alterado, e a situação atual do documento, envie-o em ${url}`,
} as const
