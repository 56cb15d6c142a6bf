import { describe, expect, it } from 'vitest';
import { unknownUserValues } from '../../renderer/src/features/import/unknown-users.js';
import type { MappingDraft, PreviewColumn } from '../../renderer/src/features/import/mapping-draft.js';

const column = (name: string, values: [string, number][] | null): PreviewColumn =>
  ({ name, samples: [], values: values && values.map(([value, count]) => ({ value, count })) }) as unknown as PreviewColumn;
const draft = (kind: MappingDraft['kind'], target: string, transform: MappingDraft['columns'][number]['transform'] = {}, defaults?: MappingDraft['defaults']): MappingDraft => ({
  kind,
  columns: [{ column: 'OwnerEmployeeId', target, transform }],
  extras: [],
  ...(defaults ? { defaults } : {}),
});
const USERS = [
  { name: 'Sophie Laurent', email: 'sophie@acme.example' },
  { name: 'Marcus Weber', email: null },
];

/** The walk-through's MarketStar owners (employee numbers) were said to match no user only after the import wrote them. */
describe('owner and rep values that name no user, before the import', () => {
  it('lists the values that match no user by name or email, in any case, after the value map', () => {
    const cols = [column('OwnerEmployeeId', [['4', 9], ['2', 7], ['SOPHIE@acme.example', 3], [' marcus weber ', 2], ['1', 1]])];
    expect(unknownUserValues(draft('leads', 'owner'), cols, USERS)).toEqual([{ column: 'OwnerEmployeeId', values: ['4', '2', '1'] }]);
    // Mapped to users' names (any case), or to a missing value, they are fine; "*" catches the rest.
    const mapped = draft('leads', 'owner', { values: { '4': 'Sophie Laurent', '2': 'n/a' }, missing: ['N/A'] });
    expect(unknownUserValues(mapped, cols, USERS)).toEqual([{ column: 'OwnerEmployeeId', values: ['1'] }]);
    expect(unknownUserValues(draft('leads', 'owner', { values: { '*': 'Marcus Weber' } }), cols, USERS)).toEqual([]);
    expect(unknownUserValues(draft('leads', 'owner', {}, { missing: ['4', '2', '1'] }), cols, USERS)).toEqual([]);
  });

  it('speaks for the rep of a handoff too, and only when the preview counted every value', () => {
    const cols = [column('OwnerEmployeeId', [['7', 4]])];
    expect(unknownUserValues(draft('handoffs', 'rep'), cols, USERS)).toEqual([{ column: 'OwnerEmployeeId', values: ['7'] }]);
    expect(unknownUserValues(draft('handoffs', 'rep'), [column('OwnerEmployeeId', null)], USERS)).toEqual([]);
    expect(unknownUserValues(draft('outcomes', 'owner'), cols, USERS)).toEqual([]);
    expect(unknownUserValues(draft('leads', 'ignore'), cols, USERS)).toEqual([]);
  });
});
