import { describe, expect, it } from 'vitest';
import { toFtsQuery } from '../../main/db/leads.repo.js';
import { describeIssues } from '../../shared/errors.js';
import { defaultWorkspacePath } from '../../main/workspace-path.js';

describe('toFtsQuery', () => {
  it('turns words into quoted prefix terms and drops FTS syntax', () => {
    expect(toFtsQuery('ada love')).toBe('"ada"* "love"*');
    expect(toFtsQuery('  "x" OR y* NEAR(z)  ')).toBe('"x"* "OR"* "y"* "NEAR"* "z"*');
    expect(toFtsQuery('émilie@société.fr')).toBe('"émilie"* "société"* "fr"*');
    expect(toFtsQuery('--- ***')).toBeNull();
  });
  it('keeps at most eight words', () => {
    expect(toFtsQuery('a b c d e f g h i j')?.split(' ')).toHaveLength(8);
  });
});

describe('describeIssues', () => {
  it('names each path and message', () => {
    expect(describeIssues([{ path: ['sort', 'column'], message: 'Invalid option' }, { path: [], message: 'Required' }])).toBe(
      'sort.column: Invalid option; (input): Required',
    );
  });
});

describe('defaultWorkspacePath', () => {
  it('honours LEADPACT_WORKSPACE, then the platform data folder', () => {
    expect(defaultWorkspacePath({ LEADPACT_WORKSPACE: '/tmp/x.db' }, 'linux')).toBe('/tmp/x.db');
    expect(defaultWorkspacePath({ XDG_DATA_HOME: '/data' }, 'linux')).toBe('/data/LeadPact/workspace.db');
    expect(defaultWorkspacePath({ APPDATA: 'C:/Users/a/AppData/Roaming' }, 'win32')).toMatch(/LeadPact[\\/]workspace\.db$/);
  });
});
