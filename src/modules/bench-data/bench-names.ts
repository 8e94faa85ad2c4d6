// Word lists the generator combines into Brazilian-looking companies, people, places and products.
// Plain data, kept apart from the row factories so they read as logic only.

export const FIRST_NAMES = [
  'Ana', 'Beatriz', 'Bruno', 'Camila', 'Carlos', 'Cláudia', 'Daniel', 'Eduardo', 'Fernanda', 'Gabriel', 'Gustavo', 'Helena',
  'Isabela', 'João', 'Juliana', 'Larissa', 'Leonardo', 'Luciana', 'Luiz', 'Marcos', 'Mariana', 'Mateus', 'Patrícia', 'Paulo',
  'Priscila', 'Rafael', 'Renata', 'Ricardo', 'Roberto', 'Sérgio', 'Tatiane', 'Thiago', 'Vanessa', 'Vinícius', 'Wellington',
] as const

export const LAST_NAMES = [
  'Almeida', 'Araújo', 'Barbosa', 'Batista', 'Cardoso', 'Carvalho', 'Castro', 'Costa', 'Dias', 'Duarte', 'Fernandes', 'Ferreira',
  'Figueiredo', 'Gomes', 'Lima', 'Lopes', 'Martins', 'Melo', 'Monteiro', 'Moraes', 'Nogueira', 'Oliveira', 'Pereira', 'Pinto',
  'Ramos', 'Ribeiro', 'Rocha', 'Rodrigues', 'Santos', 'Silva', 'Souza', 'Teixeira', 'Vasconcelos', 'Vieira',
] as const

export const COMPANY_WORDS = [
  'Aurora', 'Horizonte', 'Vale', 'Serra', 'Atlântico', 'Cerrado', 'Planalto', 'Pioneira', 'Nacional', 'Central', 'Litoral',
  'Progresso', 'Nova Era', 'Bandeirante', 'Ipê', 'Jequitibá', 'Guaraná', 'Tropical', 'Sul', 'Norte', 'Capital', 'União',
] as const

export const COMPANY_SECTORS = [
  'Metalúrgica', 'Distribuidora', 'Construtora', 'Transportadora', 'Farmácias', 'Clínica', 'Escola', 'Hotel', 'Supermercados',
  'Indústria Têxtil', 'Laboratório', 'Auto Peças', 'Agropecuária', 'Comércio de Alimentos', 'Engenharia', 'Logística',
  'Contabilidade', 'Tecnologia', 'Móveis', 'Cosméticos',
] as const

export const COMPANY_FORMS = ['Ltda', 'Ltda', 'Ltda', 'S.A.', 'Eireli', 'ME'] as const

export const PLACES: ReadonlyArray<{ city: string; state: string; ddd: string; cep: string; districts: readonly string[]; streets: readonly string[] }> = [
  { city: 'São Paulo', state: 'SP', ddd: '11', cep: '01', districts: ['Bela Vista', 'Pinheiros', 'Moema', 'Vila Mariana', 'Santana'], streets: ['Av. Paulista', 'Rua Vergueiro', 'Rua Augusta', 'Av. Rebouças'] },
  { city: 'Rio de Janeiro', state: 'RJ', ddd: '21', cep: '20', districts: ['Centro', 'Copacabana', 'Tijuca', 'Botafogo'], streets: ['Av. Rio Branco', 'Rua Barata Ribeiro', 'Rua Voluntários da Pátria'] },
  { city: 'Belo Horizonte', state: 'MG', ddd: '31', cep: '30', districts: ['Centro', 'Savassi', 'Funcionários', 'Pampulha'], streets: ['Av. Afonso Pena', 'Rua da Bahia', 'Av. do Contorno'] },
  { city: 'Curitiba', state: 'PR', ddd: '41', cep: '80', districts: ['Centro', 'Batel', 'Água Verde'], streets: ['Rua XV de Novembro', 'Av. Sete de Setembro', 'Rua Marechal Deodoro'] },
  { city: 'Porto Alegre', state: 'RS', ddd: '51', cep: '90', districts: ['Praia de Belas', 'Moinhos de Vento', 'Centro Histórico'], streets: ['Av. Borges de Medeiros', 'Rua dos Andradas', 'Av. Ipiranga'] },
  { city: 'Recife', state: 'PE', ddd: '81', cep: '50', districts: ['Boa Viagem', 'Boa Vista', 'Casa Forte'], streets: ['Av. Boa Viagem', 'Rua da Aurora', 'Av. Conselheiro Aguiar'] },
  { city: 'Salvador', state: 'BA', ddd: '71', cep: '40', districts: ['Caminho das Árvores', 'Barra', 'Pituba'], streets: ['Av. Tancredo Neves', 'Av. Sete de Setembro', 'Rua Chile'] },
  { city: 'Goiânia', state: 'GO', ddd: '62', cep: '74', districts: ['Setor Bueno', 'Setor Oeste', 'Setor Marista'], streets: ['Av. T-63', 'Av. 85', 'Rua 9'] },
  { city: 'Campinas', state: 'SP', ddd: '19', cep: '13', districts: ['Centro', 'Cambuí', 'Taquaral'], streets: ['Av. Francisco Glicério', 'Rua Barão de Jaguara', 'Av. Norte-Sul'] },
  { city: 'Manaus', state: 'AM', ddd: '92', cep: '69', districts: ['Chapada', 'Adrianópolis', 'Centro'], streets: ['Av. Djalma Batista', 'Av. Eduardo Ribeiro', 'Rua Teresina'] },
]

export const PRODUCT_LINES: ReadonlyArray<{ prefix: string; kind: 'product' | 'service'; unit: string; names: readonly string[]; priceRange: readonly [number, number] }> = [
  { prefix: 'SW', kind: 'product', unit: 'un', names: ['Licença ERP', 'Licença CRM', 'Módulo Fiscal', 'Módulo BI', 'Licença PDV', 'Módulo Estoque'], priceRange: [20_000, 150_000] },
  { prefix: 'SRV', kind: 'service', unit: 'h', names: ['Consultoria', 'Desenvolvimento sob medida', 'Treinamento presencial', 'Suporte avançado'], priceRange: [12_000, 40_000] },
  { prefix: 'MNT', kind: 'service', unit: 'mês', names: ['Suporte técnico mensal', 'Hospedagem em nuvem', 'Backup gerenciado', 'Monitoramento 24x7'], priceRange: [30_000, 250_000] },
  { prefix: 'IMP', kind: 'service', unit: 'un', names: ['Implantação', 'Migração de dados', 'Integração com e-commerce', 'Parametrização fiscal'], priceRange: [150_000, 1_500_000] },
  { prefix: 'HW', kind: 'product', unit: 'un', names: ['Leitor de código de barras', 'Impressora térmica', 'Terminal PDV', 'Balança comercial', 'Gaveta de dinheiro'], priceRange: [15_000, 600_000] },
]

export const PRODUCT_TIERS = ['Básico', 'Padrão', 'Profissional', 'Avançado', 'Premium', 'Corporativo'] as const

export const NOTES: ReadonlyArray<string | null> = [
  null,
  null,
  'Valores válidos para contratação até a data de validade. Impostos inclusos.',
  'Deslocamento da equipe de implantação incluso para a região metropolitana.',
  'Condição especial negociada com a diretoria: primeira mensalidade com 50% de desconto.',
  'Cliente solicitou início dos trabalhos na primeira quinzena do mês.',
]

export const CANCEL_REASONS = ['Cliente desistiu da compra.', 'Proposta substituída por uma nova versão.', 'Orçamento acima do previsto pelo cliente.'] as const
export const REJECT_REASONS = ['Valor acima do orçamento aprovado.', 'Optamos por outro fornecedor.', 'Prazo de implantação incompatível.'] as const
