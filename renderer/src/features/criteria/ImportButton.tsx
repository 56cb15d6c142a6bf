import type { useImportVersion } from '../../hooks/use-criteria.js';
import { useT } from '../../i18n/index.js';
import { goTo } from './routes.js';

/** Import a version file (JSON) as a new draft; the page shows the server's error, which names the bad rule. */
export function ImportButton({ importer }: { importer: ReturnType<typeof useImportVersion> }) {
  const t = useT();
  return (
    <label className={`btn file-btn${importer.isPending ? ' is-busy' : ''}`}>
      {importer.isPending ? t('criteria.import.busy') : t('criteria.import.button')}
      <input
        type="file"
        accept=".json,application/json"
        className="visually-hidden"
        data-testid="import-file"
        disabled={importer.isPending}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          void file
            .text()
            .then((content) => importer.mutate(content, { onSuccess: (v) => goTo({ page: 'version', id: v.id }) }));
          // Choosing the same file again (after fixing it) must fire again.
          e.target.value = '';
        }}
      />
    </label>
  );
}
