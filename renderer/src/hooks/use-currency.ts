import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { currency, type CurrencySettings } from '../../../shared/contracts/currency.js';
import { call } from '../api.js';
import { keys } from './keys.js';

export const currencyKey = ['currency'] as const;

export const useCurrencySettings = () => useQuery({ queryKey: currencyKey, queryFn: () => call(currency.get, {}) });

/** Every change moves revenue and cost in the reports: they refetch with the settings. */
function useCurrencyMutation<I>(fn: (input: I) => Promise<CurrencySettings>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (saved) => {
      client.setQueryData(currencyKey, saved);
      void client.invalidateQueries({ queryKey: keys.leads });
    },
  });
}

export const useSetReportingCurrency = () => useCurrencyMutation((code: string | null) => call(currency.setReporting, { code }));
export const useSetRate = () => useCurrencyMutation((input: { code: string; rate: number }) => call(currency.setRate, input));
export const useRemoveRate = () => useCurrencyMutation((code: string) => call(currency.removeRate, { code }));

/**
 * Money as the reports sum it: in the reporting currency when the team set one, else as a plain
 * number (amounts as recorded, possibly of several currencies). `signed` shows + and - (differences).
 */
export function useMoney(): (n: number, opts?: { signed?: boolean }) => string {
  const intl = useIntl();
  const base = useCurrencySettings().data?.reportingCurrency ?? null;
  return useCallback(
    (n, opts) =>
      intl.formatNumber(n, {
        maximumFractionDigits: 0,
        ...(base ? { style: 'currency', currency: base } : {}),
        ...(opts?.signed ? { signDisplay: 'exceptZero' } : {}),
      }),
    [intl, base],
  );
}
