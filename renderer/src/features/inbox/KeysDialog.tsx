import { Dialog } from '../../components/Dialog.js';
import { useT } from '../../i18n/index.js';

const KEYS: readonly [string[], string][] = [
  [['j', '↓'], 'inbox.keys.next'],
  [['k', '↑'], 'inbox.keys.previous'],
  [['a'], 'inbox.keys.accept'],
  [['r'], 'inbox.keys.reject'],
  [['1', '…', '9'], 'inbox.keys.number'],
  [['Enter'], 'inbox.keys.enter'],
  [['c'], 'inbox.keys.comment'],
  [['u'], 'inbox.keys.undo'],
  [['x'], 'inbox.keys.select'],
  [['Shift', 'a'], 'inbox.keys.acceptSelection'],
  [['Shift', 'r'], 'inbox.keys.rejectSelection'],
  [['?'], 'inbox.keys.help'],
  [['Esc'], 'inbox.keys.escape'],
];

export function KeysDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <Dialog open={open} title={t('inbox.keys.title')} testId="keys-dialog" onClose={onClose}>
      <table className="keys-table">
        <caption className="visually-hidden">{t('inbox.keys.title')}</caption>
        <tbody>
          {KEYS.map(([keys, label]) => (
            <tr key={label}>
              <th scope="row">
                {keys.map((k) => (
                  <kbd key={k} className="kbd">
                    {k}
                  </kbd>
                ))}
              </th>
              <td>{t(label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" className="btn btn-primary" onClick={onClose} autoFocus>
          {t('action.close')}
        </button>
      </div>
    </Dialog>
  );
}
