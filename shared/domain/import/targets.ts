import { z } from 'zod';
import { OfferTypeSchema } from '../../contracts/common.js';
import type { CellWhyCode } from './reasons.js';

/**
 * What each import kind can fill: its fields, their types, which are required, the header names
 * that suggest them, and the zod schema a finished row must pass before anything is written.
 */

export const IMPORT_KINDS = ['leads', 'touchpoints', 'offers', 'handoffs', 'outcomes'] as const;
export const ImportKindSchema = z.enum(IMPORT_KINDS);
export type ImportKind = z.infer<typeof ImportKindSchema>;

export type FieldType = 'text' | 'number' | 'integer' | 'boolean' | 'date';

export interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  readonly required?: boolean;
  /** Allowed values (after the value map), for enum-like fields. */
  readonly values?: readonly string[];
  /** Normalised header names (lower case, letters and digits only) that suggest this field. */
  readonly aliases: readonly string[];
  readonly help?: string;
  /** Values read as a kind of thing and stored in its canonical form (compile.ts): a country as its ISO code. */
  readonly normalize?: 'country';
}

const LEAD_REF: readonly FieldSpec[] = [
  {
    name: 'lead.externalId',
    label: 'Lead: external id',
    type: 'text',
    aliases: ['leadid', 'leadexternalid', 'contactid', 'recordid', 'prospectid', 'mqlid'],
    help: 'finds the lead by its CRM id',
  },
  {
    name: 'lead.email',
    label: 'Lead: email',
    type: 'text',
    aliases: ['email', 'leademail', 'contactemail', 'emailaddress'],
    help: 'finds the lead by email (case-insensitive)',
  },
];

export const FIELDS: Record<ImportKind, readonly FieldSpec[]> = {
  leads: [
    {
      name: 'externalId',
      label: 'External id',
      type: 'text',
      aliases: [
        'recordid',
        'leadid',
        'contactid',
        'id',
        'externalid',
        'prospectid',
        'mqlid',
        'crmid',
        'hubspotid',
        'salesforceid',
      ],
    },
    {
      name: 'email',
      label: 'Email',
      type: 'text',
      aliases: ['email', 'emailaddress', 'mail', 'workemail', 'businessemail'],
    },
    { name: 'name', label: 'Name', type: 'text', aliases: ['name', 'fullname', 'contactname', 'leadname'] },
    {
      name: 'company',
      label: 'Company',
      type: 'text',
      aliases: ['company', 'companyname', 'companyaccount', 'account', 'accountname', 'organisation', 'organization'],
    },
    {
      name: 'domain',
      label: 'Domain',
      type: 'text',
      aliases: ['domain', 'companydomain', 'companydomainname', 'website', 'websiteurl'],
    },
    { name: 'country', label: 'Country', type: 'text', aliases: ['country', 'countryregion', 'countrycode'], normalize: 'country' },
    { name: 'industry', label: 'Industry', type: 'text', aliases: ['industry', 'sector', 'vertical'] },
    {
      name: 'employees',
      label: 'Employees',
      type: 'integer',
      aliases: ['employees', 'numberofemployees', 'noofemployees', 'companysize', 'headcount', 'employeecount'],
    },
    { name: 'jobTitle', label: 'Job title', type: 'text', aliases: ['jobtitle', 'title', 'position', 'role'] },
    { name: 'seniority', label: 'Seniority', type: 'text', aliases: ['seniority', 'level', 'jobseniority'] },
    { name: 'budget', label: 'Budget', type: 'number', aliases: ['budget'] },
    {
      name: 'source',
      label: 'Source',
      type: 'text',
      aliases: ['source', 'leadsource', 'originalsource', 'origin', 'leadorigin'],
    },
    {
      name: 'firstOffer',
      label: 'First offer (name)',
      type: 'text',
      aliases: ['firstoffer', 'offer', 'firstconversion'],
    },
    {
      name: 'firstCampaign',
      label: 'First campaign (name)',
      type: 'text',
      aliases: ['firstcampaign', 'campaign', 'campaignname'],
    },
    {
      name: 'owner',
      label: 'Owner (user email or name)',
      type: 'text',
      aliases: ['owner', 'contactowner', 'leadowner', 'ownername', 'owneremail', 'salesrep'],
    },
    {
      name: 'createdAt',
      label: 'Created at',
      type: 'date',
      aliases: ['createdate', 'createddate', 'createdat', 'created', 'firstcontactdate', 'datecreated'],
    },
  ],
  touchpoints: [
    ...LEAD_REF,
    {
      name: 'type',
      label: 'Type',
      type: 'text',
      required: true,
      aliases: ['type', 'activitytype', 'eventtype', 'touchpointtype', 'action', 'activity'],
    },
    { name: 'offer', label: 'Offer (name)', type: 'text', aliases: ['offer', 'offername', 'asset', 'content'] },
    { name: 'campaign', label: 'Campaign (name)', type: 'text', aliases: ['campaign', 'campaignname'] },
    { name: 'channel', label: 'Channel', type: 'text', aliases: ['channel', 'medium', 'source'] },
    {
      name: 'landingPage',
      label: 'Landing page',
      type: 'text',
      aliases: ['landingpage', 'landingpageid', 'url', 'pageurl', 'page'],
    },
    {
      name: 'occurredAt',
      label: 'Occurred at',
      type: 'date',
      required: true,
      aliases: ['timestamp', 'occurredat', 'date', 'activitydate', 'time', 'eventdate', 'createddate'],
    },
    { name: 'value', label: 'Value', type: 'number', aliases: ['value', 'duration', 'seconds', 'score', 'points'] },
  ],
  offers: [
    {
      name: 'name',
      label: 'Name',
      type: 'text',
      required: true,
      aliases: ['name', 'offer', 'offername', 'product', 'asset'],
    },
    {
      name: 'type',
      label: 'Type',
      type: 'text',
      required: true,
      values: OfferTypeSchema.options,
      aliases: ['type', 'offertype', 'assettype'],
    },
    { name: 'campaign', label: 'Campaign (name)', type: 'text', aliases: ['campaign', 'campaignname', 'series'] },
    { name: 'channel', label: 'Channel', type: 'text', aliases: ['channel', 'medium'] },
    { name: 'landingPage', label: 'Landing page', type: 'text', aliases: ['landingpage', 'url'] },
    { name: 'cost', label: 'Cost', type: 'number', aliases: ['cost', 'spend', 'budget'] },
    { name: 'currency', label: 'Currency', type: 'text', aliases: ['currency'] },
  ],
  handoffs: [
    ...LEAD_REF,
    {
      name: 'handedAt',
      label: 'Handed over at',
      type: 'date',
      required: true,
      aliases: ['handedat', 'handoffdate', 'createddate', 'createdate', 'mqldate'],
    },
    {
      name: 'decision',
      label: 'Decision',
      type: 'text',
      values: ['pending', 'accepted', 'rejected'],
      aliases: ['decision', 'isaccepted', 'accepted', 'status', 'salstatus'],
      help: 'map the file values to pending, accepted or rejected',
    },
    {
      name: 'decidedAt',
      label: 'Decided at',
      type: 'date',
      aliases: ['decidedat', 'accepteddecisiondate', 'decisiondate'],
    },
    {
      name: 'rep',
      label: 'Rep (user email or name)',
      type: 'text',
      aliases: ['rep', 'owner', 'salesrep', 'assignedto'],
    },
    {
      name: 'reason',
      label: 'Rejection reason (code or label)',
      type: 'text',
      aliases: ['reason', 'rejectionreason', 'disqualifiedreason'],
    },
    { name: 'comment', label: 'Comment', type: 'text', aliases: ['comment', 'notes', 'note'] },
    { name: 'reopenAt', label: 'Re-open at', type: 'date', aliases: ['reopenat', 'reopendate', 'recycledate'] },
    { name: 'level', label: 'MQL level', type: 'text', aliases: ['level', 'mqllevel'] },
    { name: 'score', label: 'Score at handoff', type: 'number', aliases: ['score', 'scoreathandoff', 'leadscore'] },
  ],
  outcomes: [
    {
      name: 'externalId',
      label: 'Opportunity id',
      type: 'text',
      aliases: ['opportunityid', 'dealid', 'externalid', 'id'],
    },
    ...LEAD_REF,
    {
      name: 'result',
      label: 'Result',
      type: 'text',
      required: true,
      values: ['open', 'won', 'lost'],
      aliases: ['result', 'stage', 'dealstage', 'status', 'outcome'],
      help: 'map the file values to open, won or lost',
    },
    {
      name: 'openedAt',
      label: 'Opened at',
      type: 'date',
      aliases: ['openedat', 'createddate', 'engagedate', 'opendate'],
    },
    { name: 'closedAt', label: 'Closed at', type: 'date', aliases: ['closedat', 'closedate', 'wondate', 'closeddate'] },
    {
      name: 'amount',
      label: 'Amount',
      type: 'number',
      aliases: ['amount', 'closevalue', 'value', 'dealvalue', 'revenue'],
    },
    { name: 'currency', label: 'Currency', type: 'text', aliases: ['currency', 'amountcurrency'] },
    {
      name: 'lossReason',
      label: 'Loss reason',
      type: 'text',
      aliases: ['lossreason', 'closedlostreason', 'reasonlost'],
    },
    { name: 'competitor', label: 'Competitor', type: 'text', aliases: ['competitor', 'lostto'] },
  ],
};

/** Only leads have a custom-attributes column. */
export const HAS_ATTRIBUTES: Record<ImportKind, boolean> = {
  leads: true,
  touchpoints: false,
  offers: false,
  handoffs: false,
  outcomes: false,
};

export function fieldSpec(kind: ImportKind, name: string): FieldSpec | undefined {
  return FIELDS[kind].find((f) => f.name === name);
}

/** Lower case, letters and digits only: how header names are compared with aliases. */
export const normaliseHeader = (h: string): string =>
  h
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '');

// ---------- row schemas ----------

/**
 * The row schemas' own messages (the English reason of a rejected row), by the code the UI knows
 * each one by (shared/domain/import/reasons.ts; compile.ts reads the code off a failed row's message).
 */
export const ROW_MESSAGES = {
  'not-email': 'is not an email address',
  'not-integer': 'is not a whole number',
  'not-currency': 'is not a 3-letter currency code',
  'no-lead': 'the row names no lead (lead external id, email or matching attribute is empty)',
  'lead-needs-key': 'a lead needs an external id or an email',
  'decided-before-handed': 'decided before it was handed over',
  'closed-before-opened': 'closed before it was opened',
} as const satisfies Partial<Record<CellWhyCode, string>>;

const text = (max = 500) => z.string().max(max, `longer than ${max} characters`);
const ts = z.number().int().min(0).max(8_640_000_000_000);
const money = z.number().min(-1e15).max(1e15);
const AttributeValueSchema = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);
const LeadRefShape = { 'lead.externalId': text(200).optional(), 'lead.email': text(320).optional() };

/** "someone@example.com": deliberately loose (real exports hold odd but deliverable addresses). */
const EmailSchema = z
  .string()
  .max(320, 'longer than 320 characters')
  .regex(/^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/, ROW_MESSAGES['not-email']);

const needsLeadRef = (r: Record<string, unknown>) =>
  r['lead.externalId'] !== undefined ||
  r['lead.email'] !== undefined ||
  Object.keys(r).some((k) => k.startsWith('lead.attributes.'));
const LEAD_REF_MESSAGE = ROW_MESSAGES['no-lead'];

export const ROW_SCHEMAS = {
  leads: z
    .object({
      externalId: text(200).optional(),
      email: EmailSchema.optional(),
      name: text().optional(),
      company: text().optional(),
      domain: text(253).optional(),
      country: text(100).optional(),
      industry: text(200).optional(),
      employees: z.number().int(ROW_MESSAGES['not-integer']).min(0).max(10_000_000).optional(),
      jobTitle: text().optional(),
      seniority: text(100).optional(),
      budget: money.optional(),
      source: text(200).optional(),
      firstOffer: text(300).optional(),
      firstCampaign: text(300).optional(),
      owner: text(320).optional(),
      createdAt: ts.optional(),
      attributes: z.record(z.string().max(100), AttributeValueSchema).optional(),
    })
    .strict()
    .refine((r) => r.externalId !== undefined || r.email !== undefined, {
      message: ROW_MESSAGES['lead-needs-key'],
      path: ['externalId'],
    }),
  touchpoints: z
    .looseObject({
      ...LeadRefShape,
      type: text(100),
      offer: text(300).optional(),
      campaign: text(300).optional(),
      channel: text(100).optional(),
      landingPage: text(2000).optional(),
      occurredAt: ts,
      value: z.number().optional(),
    })
    .refine(needsLeadRef, { message: LEAD_REF_MESSAGE, path: ['lead.externalId'] }),
  offers: z
    .object({
      name: text(300),
      type: OfferTypeSchema,
      campaign: text(300).optional(),
      channel: text(100).optional(),
      landingPage: text(2000).optional(),
      cost: money.min(0).optional(),
      currency: z
        .string()
        .regex(/^[A-Za-z]{3}$/, ROW_MESSAGES['not-currency'])
        .optional(),
    })
    .strict(),
  handoffs: z
    .looseObject({
      ...LeadRefShape,
      handedAt: ts,
      decision: z.enum(['pending', 'accepted', 'rejected']).optional(),
      decidedAt: ts.optional(),
      rep: text(320).optional(),
      reason: text(200).optional(),
      comment: text(5000).optional(),
      reopenAt: ts.optional(),
      level: text(50).optional(),
      score: z.number().optional(),
    })
    .refine(needsLeadRef, { message: LEAD_REF_MESSAGE, path: ['lead.externalId'] })
    .refine((r) => r.decidedAt === undefined || r.decidedAt >= r.handedAt, {
      message: ROW_MESSAGES['decided-before-handed'],
      path: ['decidedAt'],
    }),
  outcomes: z
    .looseObject({
      externalId: text(200).optional(),
      ...LeadRefShape,
      result: z.enum(['open', 'won', 'lost']),
      openedAt: ts.optional(),
      closedAt: ts.optional(),
      amount: money.optional(),
      currency: z
        .string()
        .regex(/^[A-Za-z]{3}$/, ROW_MESSAGES['not-currency'])
        .optional(),
      lossReason: text(200).optional(),
      competitor: text(200).optional(),
    })
    .refine(needsLeadRef, { message: LEAD_REF_MESSAGE, path: ['lead.externalId'] })
    .refine((r) => r.openedAt === undefined || r.closedAt === undefined || r.closedAt >= r.openedAt, {
      message: ROW_MESSAGES['closed-before-opened'],
      path: ['closedAt'],
    }),
} as const;

export type LeadImportRow = z.infer<(typeof ROW_SCHEMAS)['leads']>;
export type TouchpointImportRow = z.infer<(typeof ROW_SCHEMAS)['touchpoints']>;
export type OfferImportRow = z.infer<(typeof ROW_SCHEMAS)['offers']>;
export type HandoffImportRow = z.infer<(typeof ROW_SCHEMAS)['handoffs']>;
export type OutcomeImportRow = z.infer<(typeof ROW_SCHEMAS)['outcomes']>;
export type ImportRow = LeadImportRow | TouchpointImportRow | OfferImportRow | HandoffImportRow | OutcomeImportRow;
