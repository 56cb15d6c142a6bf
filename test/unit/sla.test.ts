import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessHours,
  calendarProblem,
  localParts,
  nextWeekStart,
  offsetChanges,
  slaDueAt,
  weekStart,
  zonedTime,
  type SlaCalendar,
} from '../../shared/domain/sla.js';

const HOUR = 3_600_000;
const office = (timeZone: string): SlaCalendar => ({ timeZone, workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00' });
const always = (timeZone: string): SlaCalendar => ({ timeZone, workingDays: [1, 2, 3, 4, 5, 6, 7], dayStart: '00:00', dayEnd: '24:00' });
const utc = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);

describe('zoned wall-clock times (Intl only)', () => {
  it('maps local times to instants on both sides of the DST changes', () => {
    expect(zonedTime(2026, 3, 27, 9 * 60, 'Europe/Amsterdam')).toBe(utc(2026, 3, 27, 8)); // CET
    expect(zonedTime(2026, 3, 30, 9 * 60, 'Europe/Amsterdam')).toBe(utc(2026, 3, 30, 7)); // CEST
    expect(zonedTime(2026, 3, 6, 9 * 60, 'America/New_York')).toBe(utc(2026, 3, 6, 14)); // EST
    expect(zonedTime(2026, 3, 9, 9 * 60, 'America/New_York')).toBe(utc(2026, 3, 9, 13)); // EDT
  });

  it('a skipped time lands just after the gap; a repeated time means its first occurrence', () => {
    expect(zonedTime(2026, 3, 29, 2 * 60 + 30, 'Europe/Amsterdam')).toBe(utc(2026, 3, 29, 1, 30)); // 03:30 CEST
    expect(zonedTime(2026, 10, 25, 2 * 60 + 30, 'Europe/Amsterdam')).toBe(utc(2026, 10, 25, 0, 30)); // 02:30 CEST, not CET
    expect(zonedTime(2026, 11, 1, 60 + 30, 'America/New_York')).toBe(utc(2026, 11, 1, 5, 30)); // 01:30 EDT
  });

  it('finds the offset changes of a year to the second', () => {
    const { initial, changes } = offsetChanges(utc(2026, 1, 1, 0), utc(2027, 1, 1, 0), 'Europe/Amsterdam');
    expect(initial).toBe(HOUR);
    expect(changes).toEqual([
      { at: utc(2026, 3, 29, 1), offset: 2 * HOUR },
      { at: utc(2026, 10, 25, 1), offset: HOUR },
    ]);
    expect(offsetChanges(utc(2026, 1, 1, 0), utc(2027, 1, 1, 0), 'America/New_York').changes.map((c) => c.at)).toEqual([
      utc(2026, 3, 8, 7),
      utc(2026, 11, 1, 6),
    ]);
  });
});

describe('SLA due times', () => {
  it('wall-clock SLAs are real elapsed hours, whatever the clocks do', () => {
    const handed = utc(2026, 3, 28, 11); // Saturday 12:00 CET
    const due = slaDueAt(handed, 48, false, office('Europe/Amsterdam'));
    expect(due).toBe(handed + 48 * HOUR);
    expect(localParts(due, 'Europe/Amsterdam').hour).toBe(13); // the clocks went forward on the way
  });

  it('business hours across the March change in Amsterdam: Friday 16:00 + 8 h is Monday 16:00 local', () => {
    const handed = zonedTime(2026, 3, 27, 16 * 60, 'Europe/Amsterdam');
    expect(addBusinessHours(handed, 8, office('Europe/Amsterdam'))).toBe(utc(2026, 3, 30, 14));
  });

  it('business hours across the October change in Amsterdam', () => {
    const handed = zonedTime(2026, 10, 23, 16 * 60, 'Europe/Amsterdam');
    expect(addBusinessHours(handed, 8, office('Europe/Amsterdam'))).toBe(utc(2026, 10, 26, 15));
  });

  it('business hours across the March and November changes in New York', () => {
    expect(addBusinessHours(zonedTime(2026, 3, 6, 16 * 60, 'America/New_York'), 8, office('America/New_York'))).toBe(utc(2026, 3, 9, 20));
    expect(addBusinessHours(zonedTime(2026, 10, 30, 16 * 60, 'America/New_York'), 8, office('America/New_York'))).toBe(utc(2026, 11, 2, 21));
  });

  it('a 24/7 calendar counts the 23-hour and 25-hour days as they are', () => {
    const spring = zonedTime(2026, 3, 29, 0, 'Europe/Amsterdam');
    expect(addBusinessHours(spring, 24, always('Europe/Amsterdam'))).toBe(spring + 24 * HOUR);
    const autumn = zonedTime(2026, 11, 1, 0, 'America/New_York');
    expect(addBusinessHours(autumn, 30, always('America/New_York'))).toBe(autumn + 30 * HOUR);
  });

  it('an evening or weekend handoff starts its clock at the next working morning', () => {
    const friday = zonedTime(2026, 6, 5, 20 * 60, 'Europe/Amsterdam');
    expect(addBusinessHours(friday, 2, office('Europe/Amsterdam'))).toBe(zonedTime(2026, 6, 8, 11 * 60, 'Europe/Amsterdam'));
    const c = { ...office('Europe/Amsterdam'), workingDays: [2, 4] };
    expect(addBusinessHours(friday, 10, c)).toBe(zonedTime(2026, 6, 11, 11 * 60, 'Europe/Amsterdam'));
  });

  it('refuses a calendar that cannot work', () => {
    expect(calendarProblem({ ...office('Mars/Olympus'), timeZone: 'Mars/Olympus' })).toMatch(/Unknown time zone/);
    expect(calendarProblem({ ...office('UTC'), dayStart: '17:00', dayEnd: '09:00' })).toMatch(/end after it starts/);
    expect(calendarProblem(office('UTC'))).toBeNull();
  });

  it('property: the due time lies in working hours of a working day, and more hours never come earlier', () => {
    const zones = fc.constantFrom('Europe/Amsterdam', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC');
    fc.assert(
      fc.property(
        zones,
        fc.integer({ min: utc(2025, 1, 1, 0), max: utc(2028, 1, 1, 0) }),
        fc.double({ min: 0.01, max: 120, noNaN: true }),
        fc.double({ min: 0, max: 40, noNaN: true }),
        (tz, from, h, extra) => {
          const c = office(tz);
          const due = addBusinessHours(from, h, c);
          expect(due).toBeGreaterThan(from);
          const p = localParts(due, tz);
          const minutes = p.hour * 60 + p.minute + p.second / 60;
          expect(minutes).toBeGreaterThanOrEqual(9 * 60);
          expect(minutes).toBeLessThanOrEqual(17 * 60);
          const wd = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
          expect([1, 2, 3, 4, 5]).toContain(wd);
          expect(addBusinessHours(from, h + extra, c)).toBeGreaterThanOrEqual(due);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('ISO weeks in the workspace time zone', () => {
  it('Monday 00:00 local, with the DST week 7 days minus an hour long', () => {
    const tz = 'Europe/Amsterdam';
    expect(weekStart(utc(2026, 4, 1, 12), tz)).toBe(utc(2026, 3, 29, 22));
    expect(weekStart(utc(2026, 3, 28, 12), tz)).toBe(utc(2026, 3, 22, 23));
    expect(nextWeekStart(utc(2026, 3, 22, 23), tz) - utc(2026, 3, 22, 23)).toBe(7 * 24 * HOUR - HOUR);
    // Sunday 23:30 local is still the old week; Monday 00:10 local is the new one.
    expect(weekStart(utc(2026, 3, 29, 21, 30), tz)).toBe(utc(2026, 3, 22, 23));
    expect(weekStart(utc(2026, 3, 29, 22, 10), tz)).toBe(utc(2026, 3, 29, 22));
  });
});
