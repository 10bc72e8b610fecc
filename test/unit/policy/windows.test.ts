import { describe, expect, it } from 'vitest';
import { windowFor } from '../../../src/policy/index.js';

const H = 3_600_000;
const D = 24 * H;
const at = (iso: string) => Date.parse(iso);

describe('calendar windows in the workspace time zone', () => {
  it.each([
    // [per, now, zone, start, end, label]
    [
      H,
      '2026-11-27T12:34:56Z',
      'UTC',
      '2026-11-27T12:00:00.000Z',
      '2026-11-27T13:00:00.000Z',
      '2026-11-27T12:00+00:00',
    ],
    [
      H,
      '2026-11-27T12:34:56Z',
      'Asia/Kathmandu',
      '2026-11-27T12:15:00.000Z',
      '2026-11-27T13:15:00.000Z',
      '2026-11-27T18:00+05:45',
    ],
    [
      D,
      '2026-11-27T23:30:00Z',
      'Europe/Berlin',
      '2026-11-27T23:00:00.000Z',
      '2026-11-28T23:00:00.000Z',
      '2026-11-28',
    ],
    [
      D,
      '2026-11-27T03:00:00Z',
      'America/New_York',
      '2026-11-26T05:00:00.000Z',
      '2026-11-27T05:00:00.000Z',
      '2026-11-26',
    ],
    [
      7 * D,
      '2026-11-27T12:00:00Z',
      'UTC',
      '2026-11-23T00:00:00.000Z',
      '2026-11-30T00:00:00.000Z',
      '2026-W48',
    ],
    [
      7 * D,
      '2026-01-01T12:00:00Z',
      'UTC',
      '2025-12-29T00:00:00.000Z',
      '2026-01-05T00:00:00.000Z',
      '2026-W01',
    ],
    [
      7 * D,
      '2027-01-02T12:00:00Z',
      'UTC',
      '2026-12-28T00:00:00.000Z',
      '2027-01-04T00:00:00.000Z',
      '2026-W53',
    ],
    [
      30 * D,
      '2026-02-15T00:00:00Z',
      'Asia/Tokyo',
      '2026-01-31T15:00:00.000Z',
      '2026-02-28T15:00:00.000Z',
      '2026-02',
    ],
    [
      30 * D,
      '2026-12-31T23:30:00Z',
      'Europe/Berlin',
      '2026-12-31T23:00:00.000Z',
      '2027-01-31T23:00:00.000Z',
      '2027-01',
    ],
  ])('per %i at %s in %s', (per, now, zone, start, end, label) => {
    expect(windowFor(per, at(now), zone)).toMatchObject({ start, end, label });
  });
});

describe('DST', () => {
  it('a spring-forward day is 23 hours long (Europe/Berlin, 2026-03-29)', () => {
    const w = windowFor(D, at('2026-03-29T12:00:00Z'), 'Europe/Berlin');
    expect(w).toMatchObject({ start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z' });
  });
  it('a fall-back day is 25 hours long (America/New_York, 2026-11-01)', () => {
    const w = windowFor(D, at('2026-11-01T12:00:00Z'), 'America/New_York');
    expect(Date.parse(w.end) - Date.parse(w.start)).toBe(25 * H);
  });
  it('the repeated 01:00 hour of a fall-back night is two different windows', () => {
    const first = windowFor(H, at('2026-11-01T05:30:00Z'), 'America/New_York'); // 01:30 EDT
    const second = windowFor(H, at('2026-11-01T06:30:00Z'), 'America/New_York'); // 01:30 EST
    expect(first.start).toBe('2026-11-01T05:00:00.000Z');
    expect(second.start).toBe('2026-11-01T06:00:00.000Z');
    expect(first.label).toBe('2026-11-01T01:00-04:00');
    expect(second.label).toBe('2026-11-01T01:00-05:00');
  });
  it('a day whose midnight does not exist starts at the jump (America/Santiago, 2026-09-06)', () => {
    // Chile springs forward at 24:00 -> 01:00 local on the first Sunday of September.
    const w = windowFor(D, at('2026-09-06T15:00:00Z'), 'America/Santiago');
    expect(w.label).toBe('2026-09-06');
    expect(w.start).toBe('2026-09-06T04:00:00.000Z');
    expect(Date.parse(w.end) - Date.parse(w.start)).toBe(23 * H);
  });
  it('a week containing a DST change is 167 hours long', () => {
    const w = windowFor(7 * D, at('2026-03-29T12:00:00Z'), 'Europe/Berlin');
    expect(Date.parse(w.end) - Date.parse(w.start)).toBe(7 * D - H);
  });
});

describe('other durations', () => {
  it('are fixed windows counted from the Unix epoch', () => {
    expect(windowFor(15 * 60_000, at('2026-11-27T12:34:56Z'), 'Europe/Berlin')).toMatchObject({
      unit: 'fixed',
      start: '2026-11-27T12:30:00.000Z',
      end: '2026-11-27T12:45:00.000Z',
    });
  });
  it('consecutive windows meet exactly (no gap, no overlap)', () => {
    let t = at('2026-01-01T00:00:00Z');
    for (let i = 0; i < 40; i++) {
      const w = windowFor(D, t, 'Australia/Lord_Howe');
      const next = windowFor(D, Date.parse(w.end), 'Australia/Lord_Howe');
      expect(next.start).toBe(w.end);
      t = Date.parse(w.end) + 9 * D;
    }
  });
});
