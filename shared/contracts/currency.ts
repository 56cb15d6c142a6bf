import { z } from 'zod';
import { method } from './method.js';
import { EmptySchema, TimestampSchema } from './common.js';

/** An ISO 4217 code as deals and costs record it ("EUR", "USD"). */
export const CurrencyCodeSchema = z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 code such as "EUR"');

export const ExchangeRateSchema = z.object({
  code: CurrencyCodeSchema,
  /** 1 `code` is worth `rate` of the reporting currency. */
  rate: z.number().positive(),
  updatedAt: TimestampSchema,
});
export type ExchangeRate = z.infer<typeof ExchangeRateSchema>;

/** A currency the workspace's deals or costs are recorded in, and whether reports can convert it. */
export const CurrencyUseSchema = z.object({
  code: CurrencyCodeSchema,
  wonDeals: z.number().int(),
  costLines: z.number().int(),
  converted: z.boolean(),
});
export type CurrencyUse = z.infer<typeof CurrencyUseSchema>;

export const CurrencySettingsSchema = z.object({
  /** Revenue and cost are summed in this currency; null: amounts as recorded (one currency assumed). */
  reportingCurrency: CurrencyCodeSchema.nullable(),
  /** Rates against the reporting currency, by code. */
  rates: z.array(ExchangeRateSchema),
  used: z.array(CurrencyUseSchema),
});
export type CurrencySettings = z.infer<typeof CurrencySettingsSchema>;

const Rate = z.number().positive().finite().max(1e9);

export const currency = {
  get: method('currency:get', EmptySchema, CurrencySettingsSchema),
  /**
   * Set (or clear, with null) the reporting currency. Rates entered against the previous one are
   * carried over by cross rate where the new one had a rate.
   */
  setReporting: method('currency:setReporting', z.object({ code: CurrencyCodeSchema.nullable() }).strict(), CurrencySettingsSchema),
  setRate: method('currency:setRate', z.object({ code: CurrencyCodeSchema, rate: Rate }).strict(), CurrencySettingsSchema),
  removeRate: method('currency:removeRate', z.object({ code: CurrencyCodeSchema }).strict(), CurrencySettingsSchema),
};
