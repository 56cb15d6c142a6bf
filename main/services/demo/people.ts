import { Rng, WeightedSampler, mix32 } from '../../../shared/domain/random.js';

/** Fit attributes of demo leads: who they are and where they work. All draws come from the caller's Rng. */

interface CountryInfo {
  code: string;
  weight: number;
  names: 'nl' | 'de' | 'en' | 'fr' | 'es' | 'pl' | 'in' | 'br';
  tld: string;
  legal: readonly string[];
  currency: 'EUR' | 'USD';
}

/** Sales territory: Benelux, DACH-ish, UK, France, Spain, US. India and Brazil fall outside. */
export const TERRITORY = ['NL', 'BE', 'DE', 'GB', 'FR', 'ES', 'US'] as const;

const COUNTRIES: readonly CountryInfo[] = [
  { code: 'NL', weight: 18, names: 'nl', tld: 'nl', legal: ['BV', 'B.V.', ''], currency: 'EUR' },
  { code: 'DE', weight: 19, names: 'de', tld: 'de', legal: ['GmbH', 'AG', ''], currency: 'EUR' },
  { code: 'GB', weight: 14, names: 'en', tld: 'co.uk', legal: ['Ltd', 'plc', ''], currency: 'USD' },
  { code: 'US', weight: 16, names: 'en', tld: 'com', legal: ['Inc.', 'LLC', ''], currency: 'USD' },
  { code: 'FR', weight: 9, names: 'fr', tld: 'fr', legal: ['SAS', 'SA', ''], currency: 'EUR' },
  { code: 'BE', weight: 6, names: 'nl', tld: 'be', legal: ['NV', 'BV', ''], currency: 'EUR' },
  { code: 'ES', weight: 5, names: 'es', tld: 'es', legal: ['SL', 'SA', ''], currency: 'EUR' },
  { code: 'PL', weight: 4, names: 'pl', tld: 'pl', legal: ['Sp. z o.o.', ''], currency: 'EUR' },
  { code: 'IN', weight: 5, names: 'in', tld: 'in', legal: ['Pvt Ltd', ''], currency: 'USD' },
  { code: 'BR', weight: 4, names: 'br', tld: 'com.br', legal: ['Ltda', ''], currency: 'USD' },
];
const COUNTRY_SAMPLER = new WeightedSampler(COUNTRIES.map((c) => [c, c.weight] as const));
export const currencyOf = (country: string): 'EUR' | 'USD' =>
  COUNTRIES.find((c) => c.code === country)?.currency ?? 'USD';

const FIRST: Record<CountryInfo['names'], readonly string[]> = {
  nl: ['Daan', 'Sanne', 'Lotte', 'Bram', 'Femke', 'Jeroen', 'Anouk', 'Thijs', 'Eva', 'Joris', 'Maaike', 'Ruben'],
  de: ['Lukas', 'Anna', 'Jonas', 'Lena', 'Felix', 'Marie', 'Tobias', 'Katrin', 'Jürgen', 'Sophie', 'Niklas', 'Jana'],
  en: ['Oliver', 'Emily', 'James', 'Charlotte', 'Harry', 'Olivia', 'Jack', 'Grace', 'Ethan', 'Chloe', 'Noah', 'Megan'],
  fr: ['Camille', 'Lucas', 'Léa', 'Hugo', 'Manon', 'Louis', 'Chloé', 'Théo', 'Inès', 'Mathis', 'Zoé', 'Émile'],
  es: ['Lucía', 'Hugo', 'Martina', 'Pablo', 'Sofía', 'Álvaro', 'Carmen', 'Javier', 'Elena', 'Diego'],
  pl: ['Zofia', 'Jakub', 'Maja', 'Kacper', 'Natalia', 'Łukasz', 'Agnieszka', 'Piotr', 'Ola', 'Michał'],
  in: ['Aarav', 'Priya', 'Vivaan', 'Ananya', 'Rohan', 'Isha', 'Arjun', 'Kavya', 'Rahul', 'Neha'],
  br: ['João', 'Ana', 'Gabriel', 'Beatriz', 'Lucas', 'Mariana', 'Rafael', 'Larissa', 'Thiago', 'Camila'],
};
const LAST: Record<CountryInfo['names'], readonly string[]> = {
  nl: [
    'de Jong',
    'Jansen',
    'de Vries',
    'van den Berg',
    'Bakker',
    'Visser',
    'Smit',
    'Meijer',
    'Mulder',
    'de Boer',
    'Bos',
    'Vos',
  ],
  de: [
    'Müller',
    'Schmidt',
    'Schneider',
    'Fischer',
    'Weber',
    'Meyer',
    'Wagner',
    'Becker',
    'Hoffmann',
    'Schäfer',
    'Koch',
    'Richter',
  ],
  en: [
    'Smith',
    'Jones',
    'Taylor',
    'Brown',
    'Williams',
    'Wilson',
    'Johnson',
    'Davies',
    'Miller',
    'Clarke',
    'Walker',
    'Wright',
  ],
  fr: [
    'Martin',
    'Bernard',
    'Dubois',
    'Thomas',
    'Robert',
    'Richard',
    'Petit',
    'Durand',
    'Leroy',
    'Moreau',
    'Lefèvre',
    'Girard',
  ],
  es: ['García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Ruiz'],
  pl: [
    'Nowak',
    'Kowalski',
    'Wiśniewski',
    'Wójcik',
    'Kamiński',
    'Lewandowski',
    'Zieliński',
    'Szymański',
    'Dąbrowski',
    'Król',
  ],
  in: ['Sharma', 'Patel', 'Gupta', 'Iyer', 'Reddy', 'Nair', 'Singh', 'Mehta', 'Rao', 'Kapoor'],
  br: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Pereira', 'Costa', 'Rodrigues', 'Almeida', 'Nascimento', 'Lima'],
};

// Company names: adjective × noun × suffix, indexed by a bijective scramble of the company number.
const CO_A = [
  'Nord',
  'Blue',
  'Apex',
  'Bright',
  'Cedar',
  'Delta',
  'Ember',
  'Fjord',
  'Granite',
  'Harbor',
  'Iron',
  'Juniper',
  'Keystone',
  'Lumen',
  'Maple',
  'Nimbus',
  'Orbit',
  'Pioneer',
  'Quartz',
  'River',
  'Summit',
  'Tidal',
  'Umber',
  'Vertex',
  'Willow',
  'Zephyr',
  'Amber',
  'Beacon',
  'Cobalt',
  'Dune',
  'Evergreen',
  'Falcon',
  'Golden',
  'Helix',
  'Indigo',
  'Jade',
  'Kestrel',
  'Lighthouse',
  'Meridian',
  'Northwind',
  'Oak',
  'Polar',
  'Redwood',
  'Silver',
  'Thunder',
  'Urban',
  'Velvet',
  'Westwind',
  'Alpine',
  'Birch',
  'Crescent',
  'Drift',
  'Echo',
  'Fern',
  'Glacier',
  'Horizon',
  'Ivory',
  'Kite',
  'Lotus',
  'Mosaic',
  'Nova',
  'Opal',
  'Prism',
  'Raven',
] as const;
const CO_B = [
  'Logic',
  'Works',
  'Data',
  'Labs',
  'Systems',
  'Cloud',
  'Analytics',
  'Dynamics',
  'Networks',
  'Partners',
  'Solutions',
  'Software',
  'Health',
  'Finance',
  'Logistics',
  'Media',
  'Retail',
  'Robotics',
  'Energy',
  'Foods',
  'Capital',
  'Digital',
  'Metrics',
  'Insights',
  'Commerce',
  'Industries',
  'Pharma',
  'Mobility',
  'Security',
  'Learning',
  'Studio',
  'Bank',
  'Consulting',
  'Engineering',
  'Foundry',
  'Group',
  'Holdings',
  'Interactive',
  'Ventures',
  'Motion',
] as const;
const CO_C = [
  '',
  'One',
  'Hub',
  'Flow',
  'Core',
  'Link',
  'Point',
  'Line',
  'Wave',
  'Stack',
  'Base',
  'Bridge',
  'Craft',
  'Forge',
  'Gate',
  'Grid',
  'Nest',
  'Path',
  'Peak',
  'Scale',
  'Shift',
  'Spark',
  'Sphere',
  'Way',
] as const;
export const COMPANY_CAPACITY = CO_A.length * CO_B.length * CO_C.length;
const SCRAMBLE = 40_507; // coprime with the capacity, so i ↦ i·k mod capacity is a bijection
const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
if (gcd(SCRAMBLE, COMPANY_CAPACITY) !== 1) throw new Error('company name scramble is not a bijection');

const INDUSTRIES = new WeightedSampler<string>([
  ['Software', 22],
  ['Financial services', 12],
  ['Healthcare', 10],
  ['Manufacturing', 12],
  ['Retail', 10],
  ['Logistics', 7],
  ['Media', 6],
  ['Education', 7],
  ['Public sector', 5],
  ['Consulting', 9],
]);

export interface Company {
  name: string;
  domain: string;
  country: CountryInfo;
  industry: string;
  employees: number;
}

const ascii = (s: string): string =>
  s
    .replace(/ß/g, 'ss')
    .replace(/[łŁ]/g, 'l')
    .replace(/[øØ]/g, 'o')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

/** The company with number `index` for this seed: always the same name, domain, country and size. */
export function companyAt(seed: number, index: number): Company {
  const rng = new Rng(mix32(seed ^ 0x5bd1e995), index);
  const k = (index * SCRAMBLE) % COMPANY_CAPACITY;
  const a = CO_A[k % CO_A.length]!;
  const b = CO_B[Math.floor(k / CO_A.length) % CO_B.length]!;
  const c = CO_C[Math.floor(k / (CO_A.length * CO_B.length))]!;
  const country = COUNTRY_SAMPLER.sample(rng);
  const base = c ? `${a}${b.toLowerCase()} ${c}` : `${a} ${b}`;
  const legal = rng.pick(country.legal);
  const employees = Math.max(1, Math.min(120_000, Math.round(rng.logNormal(110, 1.5))));
  return {
    name: legal ? `${base} ${legal}` : base,
    domain: `${ascii(base)}.${country.tld}`,
    country,
    industry: INDUSTRIES.sample(rng),
    employees,
  };
}

interface Title {
  title: string;
  weight: number;
}
const TITLES = new WeightedSampler<string>(
  (
    [
      { title: 'Marketing Intern', weight: 3 },
      { title: 'Student', weight: 0.8 },
      { title: 'Marketing Coordinator', weight: 8 },
      { title: 'Content Marketer', weight: 7 },
      { title: 'Demand Generation Specialist', weight: 7 },
      { title: 'Marketing Operations Analyst', weight: 6 },
      { title: 'Sales Development Representative', weight: 6 },
      { title: 'Account Executive', weight: 5 },
      { title: 'Marketing Manager', weight: 9 },
      { title: 'Sales Operations Manager', weight: 5 },
      { title: 'RevOps Manager', weight: 4 },
      { title: 'IT Manager', weight: 4 },
      { title: 'Head of Marketing', weight: 3 },
      { title: 'Head of Sales', weight: 1.5 },
      { title: 'Director of Demand Generation', weight: 1.5 },
      { title: 'Sales Director', weight: 1.5 },
      { title: 'IT Director', weight: 1 },
      { title: 'VP Marketing', weight: 1 },
      { title: 'VP Sales', weight: 1 },
      { title: 'Chief Marketing Officer', weight: 0.6 },
      { title: 'Chief Revenue Officer', weight: 0.4 },
      { title: 'CEO', weight: 0.8 },
      { title: 'Founder', weight: 1.2 },
      { title: 'Consultant', weight: 3 },
    ] satisfies Title[]
  ).map((t) => [t.title, t.weight] as const),
);

/** Seniority read off a job title, as an import would derive it. */
export function seniorityFromTitle(title: string): string {
  const t = title.toLowerCase();
  if (/\b(chief|ceo|cfo|cmo|cro|cto|founder|owner)\b/.test(t)) return 'c_level';
  if (/\b(vp|vice president)\b/.test(t)) return 'vp';
  if (/\b(director|head of)\b/.test(t)) return 'director';
  if (/\bmanager\b/.test(t)) return 'manager';
  if (/\b(intern|student|trainee)\b/.test(t)) return 'entry';
  return 'individual_contributor';
}

const TECH = new WeightedSampler<string>([
  ['Salesforce', 30],
  ['HubSpot', 30],
  ['Dynamics 365', 10],
  ['Pipedrive', 10],
  ['Zoho', 6],
  ['Spreadsheets', 14],
]);
const PLAN = new WeightedSampler<string>([
  ['starter', 40],
  ['growth', 40],
  ['enterprise', 20],
]);

export interface Person {
  name: string;
  email: string;
  company: string;
  domain: string;
  country: string;
  currency: 'EUR' | 'USD';
  industry: string;
  employees: number;
  jobTitle: string;
  seniority: string;
  budget: number | null;
  attributes: Readonly<Record<string, string>>;
  attributesJson: string;
}

/**
 * A person at one of `companies` companies. `emailTaken` tells whether a 31-bit hash of an email
 * address was already used (a hash clash only costs an unneeded digit), keeping addresses unique.
 */
export function makePerson(
  rng: Rng,
  seed: number,
  companies: number,
  emailTaken: Set<number>,
  companyCache: Company[] = [],
): Person {
  const index = Math.floor(rng.next() * companies);
  const co = (companyCache[index] ??= companyAt(seed, index));
  const names = rng.chance(0.85) ? co.country.names : rng.pick(COUNTRIES).names;
  const first = rng.pick(FIRST[names]);
  const last = rng.pick(LAST[names]);
  const jobTitle = TITLES.sample(rng);
  const pattern = rng.int(0, 2);
  const f = (ASCII[first] ??= ascii(first));
  const l = (ASCII[last] ??= ascii(last));
  const local = pattern === 0 ? `${f}.${l}` : pattern === 1 ? `${f[0]}${l}` : `${f}${l[0]}`;
  let email = `${local}@${co.domain}`;
  for (let n = 2; emailTaken.has(hash31(email)); n++) email = `${local}${n}@${co.domain}`;
  emailTaken.add(hash31(email));
  const budget = rng.chance(0.45)
    ? Math.round(rng.logNormal(Math.max(3000, co.employees * 40), 0.8) / 1000) * 1000
    : null;
  const tech = TECH.sample(rng);
  const plan = rng.chance(0.6) ? PLAN.sample(rng) : null;
  const key = `${tech}|${plan}`;
  let attrs = ATTRIBUTES.get(key);
  if (!attrs) {
    const attributes: Record<string, string> = plan ? { tech_stack: tech, plan_interest: plan } : { tech_stack: tech };
    attrs = { attributes, json: JSON.stringify(attributes) };
    ATTRIBUTES.set(key, attrs);
  }
  return {
    name: `${first} ${last}`,
    email,
    company: co.name,
    domain: co.domain,
    country: co.country.code,
    currency: co.country.currency,
    industry: co.industry,
    employees: co.employees,
    jobTitle,
    seniority: (SENIORITY[jobTitle] ??= seniorityFromTitle(jobTitle)),
    budget,
    attributes: attrs.attributes,
    attributesJson: attrs.json,
  };
}

/** The few attribute combinations, shared (never mutated) with their JSON text. */
const ATTRIBUTES = new Map<string, { attributes: Record<string, string>; json: string }>();

const ASCII: Record<string, string> = {};
const SENIORITY: Record<string, string> = {};

function hash31(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 1) & 0x3fffffff;
}
