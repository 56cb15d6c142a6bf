import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appUrlChecker, savePdfListener } from '../../main/ipc.js';
import { create } from '../../main/services/reviews.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/* reviews:savePdf in the desktop shell, with Electron's webContents and save dialog replaced by fakes. */
/** Any built index.html will do: the check compares the frame's file with it. */
const RENDERER_INDEX_HTML = '/app/out/renderer/index.html';

describe('desktop review pack: printToPDF of the calling window', () => {
  let t: TestDb;
  const isAppUrl = appUrlChecker({ indexHtml: RENDERER_INDEX_HTML });
  const appFrame = { url: `${pathToFileURL(RENDERER_INDEX_HTML).href}#/review/x/pack` };
  const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46]);
  beforeEach(() => {
    t = createTestDb();
  });
  afterEach(() => t.cleanup());

  const setup = (chosen: string | null) => {
    const deps = { isAppUrl, getCtx: () => t.ctx, chooseFile: vi.fn(async () => chosen), writeFile: vi.fn() };
    const sender = { printToPDF: vi.fn(async () => pdf) };
    return { deps, sender, listener: savePdfListener(deps) };
  };

  it('asks where to save (named after the quarter), prints A4 with the CSS page size and writes the file', async () => {
    const review = create(t.db, '2026Q3');
    const { deps, sender, listener } = setup('/tmp/out.pdf');
    expect(await listener({ senderFrame: appFrame, sender }, { id: review.id })).toEqual({ ok: true, value: { path: '/tmp/out.pdf' } });
    expect(deps.chooseFile).toHaveBeenCalledWith('criteria-review-2026Q3.pdf');
    expect(sender.printToPDF).toHaveBeenCalledWith({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(deps.writeFile).toHaveBeenCalledWith('/tmp/out.pdf', pdf);
  });

  it('prints nothing when the user cancels, refuses foreign frames and bad input, and names a missing review', async () => {
    const review = create(t.db, '2026Q2');
    const cancelled = setup(null);
    expect(await cancelled.listener({ senderFrame: appFrame, sender: cancelled.sender }, { id: review.id })).toEqual({ ok: true, value: { path: null } });
    expect(cancelled.sender.printToPDF).not.toHaveBeenCalled();
    const s = setup('/tmp/x.pdf');
    expect(await s.listener({ senderFrame: { url: 'https://evil.example/' }, sender: s.sender }, { id: review.id })).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    expect(await s.listener({ senderFrame: appFrame, sender: s.sender }, { id: 'nope' })).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(await s.listener({ senderFrame: appFrame, sender: s.sender }, { id: '01973316-7800-70a3-a58c-3298052d1edc' })).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(s.sender.printToPDF).not.toHaveBeenCalled();
    expect(s.deps.writeFile).not.toHaveBeenCalled();
  });
});
