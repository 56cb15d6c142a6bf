import type { MappingDraft, PreviewColumn } from './mapping-draft.js';

/** The import targets that name a LeadPact user, by import kind (an owner of a lead, the rep of a handoff). */
const USER_TARGETS: Partial<Record<MappingDraft['kind'], string>> = { leads: 'owner', handoffs: 'rep' };

const key = (s: string) => s.trim().toLowerCase();

/** A value through the column's value map (keys match in any case; "*" catches every other value). */
function mapped(value: string, map: Record<string, string> | undefined): string {
  if (!map) return value;
  const hit = Object.entries(map).find(([k]) => k !== '*' && key(k) === key(value));
  return hit ? hit[1] : (map['*'] ?? value);
}

export interface UnknownUsers {
  column: string;
  /** Distinct values of the column, after its value map, that name no user (by name or email, in any case). */
  values: string[];
}

/**
 * Before anything is written: the values of the owner (or rep) column that match no LeadPact user,
 * which the import would leave empty. Only for a column whose every value the preview counted.
 */
export function unknownUserValues(
  draft: MappingDraft,
  columns: readonly PreviewColumn[],
  users: readonly { name: string; email: string | null }[],
): UnknownUsers[] {
  const target = USER_TARGETS[draft.kind];
  if (!target) return [];
  const known = new Set(users.flatMap((u) => [key(u.name), ...(u.email ? [key(u.email)] : [])]));
  const out: UnknownUsers[] = [];
  for (const c of draft.columns) {
    if (c.target !== target) continue;
    const values = columns.find((p) => p.name === c.column)?.values;
    if (!values) continue;
    const missing = new Set([...(draft.defaults?.missing ?? []), ...(c.transform.missing ?? [])].map(key));
    const unknown = values
      .map((v) => mapped(v.value, c.transform.values))
      .filter((v) => v.trim() !== '' && !missing.has(key(v)) && !known.has(key(v)));
    if (unknown.length) out.push({ column: c.column, values: [...new Set(unknown)] });
  }
  return out;
}
