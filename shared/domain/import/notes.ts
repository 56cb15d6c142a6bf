/**
 * The import's notes (see ImportNotesSchema) as English warnings: what the CLI prints and the
 * history keeps. The wizard says the same from the notes in the UI language and leaves these out.
 */
export interface NoteFacts {
  undatedLeads: number;
  unknownCountries: readonly { value: string; count: number }[];
}

const SHOWN = 20;

export function noteWarnings(notes: NoteFacts): string[] {
  const out: string[] = [];
  if (notes.undatedLeads > 0)
    out.push(
      `${notes.undatedLeads} new lead${notes.undatedLeads === 1 ? ' has' : 's have'} no creation date in the file and ${notes.undatedLeads === 1 ? 'was' : 'were'} dated at the import's time`,
    );
  const list = notes.unknownCountries;
  if (list.length > 0) {
    const shown = list.slice(0, SHOWN).map((u) => `"${u.value}" (${u.count} row${u.count === 1 ? '' : 's'})`);
    out.push(
      `${list.length} country value${list.length === 1 ? ' names' : 's name'} no country and ${list.length === 1 ? 'is' : 'are'} stored as written: ${shown.join(', ')}${list.length > SHOWN ? ', …' : ''}`,
    );
  }
  return out;
}
