import { useEffect } from 'react';
import type { ThemeChoice } from '../../../shared/contracts/preferences.js';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/**
 * `<html data-theme="light|dark">`: styles.css keys its colour tokens on it. "System" follows the OS
 * setting live, so a laptop switching to dark mode at dusk switches the app with it.
 */
export function useApplyTheme(choice: ThemeChoice): void {
  useEffect(() => {
    const root = document.documentElement;
    if (choice !== 'system') {
      root.dataset.theme = choice;
      return;
    }
    const media = typeof window.matchMedia === 'function' ? window.matchMedia(DARK_QUERY) : null;
    const apply = () => {
      root.dataset.theme = media?.matches ? 'dark' : 'light';
    };
    apply();
    media?.addEventListener('change', apply);
    return () => media?.removeEventListener('change', apply);
  }, [choice]);
}
