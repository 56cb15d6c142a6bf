import { describe, expect, it } from 'vitest';
import { COMMAND_GROUP, COMMAND_GROUPS, runCli } from '../../main/cli/run.js';

describe('the CLI loads one command group per command', () => {
  it('names every command of every group, in its own group, and nothing else', async () => {
    const expected: Record<string, string> = {};
    for (const [group, load] of Object.entries(COMMAND_GROUPS)) {
      for (const name of Object.keys(await load())) {
        expect(expected[name], `${name} is in two groups`).toBeUndefined();
        expected[name] = group;
      }
    }
    expect(COMMAND_GROUP).toEqual(expected);
  });

  it('lists every command in --help and refuses an unknown one, "toString" included', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), isTty: false };
    expect(await runCli(['--help'], io)).toBe(0);
    for (const name of Object.keys(COMMAND_GROUP)) expect(out.join('\n')).toContain(`  ${name.padEnd(16)} `);
    expect(await runCli(['toString'], io)).toBe(2);
    expect(err.at(-1)).toBe('leadpact: unknown command "toString". Run "leadpact --help".');
  });
});
