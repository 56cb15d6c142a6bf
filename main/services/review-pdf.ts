import { existsSync, writeFileSync } from 'node:fs';
import { AppError } from '../../shared/errors.js';

/**
 * The CLI's PDF of a review pack: the same HTML printed by a headless Chromium (Debian's, or the one
 * LEADPACT_CHROMIUM names) through playwright-core, with the pack's print stylesheet, as the
 * harness's browser print path does. The desktop app prints through Electron's printToPDF instead.
 */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const named = env.LEADPACT_CHROMIUM;
  if (named) return existsSync(named) ? named : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export const PDF_OPTIONS = { format: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: true } as const;

/** Page numbers at the foot of every page but none on top (Chromium's default header is the URL). */
export const FOOTER = (title: string): { headerTemplate: string; footerTemplate: string } => ({
  headerTemplate: '<span></span>',
  footerTemplate: `<div style="font-size:8px;color:#6b7785;width:100%;padding:0 16mm;display:flex;justify-content:space-between;font-family:Helvetica,Arial,sans-serif"><span dir="auto">${title.replace(/[<>&]/g, '')}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
});

export async function printPdf(html: string, title: string, out: string): Promise<number> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new AppError(
      'conflict',
      'No Chromium found to print the PDF (looked for /usr/bin/chromium and LEADPACT_CHROMIUM). Install it (apt-get install chromium) or set LEADPACT_CHROMIUM, or write the HTML with --html.',
    );
  }
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new AppError('conflict', 'Printing a PDF needs playwright-core (npm install); write the HTML with --html instead.');
  }
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ ...PDF_OPTIONS, ...FOOTER(title) });
    writeFileSync(out, pdf);
    return pdf.length;
  } finally {
    await browser.close();
  }
}
