import { describe, expect, it } from 'vitest';
import { CronError, nextFireTimes, parseCron, zonedTime } from '../../../src/runtime/schedules/cron.js';
import { cronOf, overlapFor } from '../../../src/runtime/schedules/schedule-spec.js';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString().replace(':00.000Z', 'Z'));

describe('cron evaluation in a time zone', () => {
  it('Europe/Berlin spring forward: a skipped 02:30 fires shifted by the gap, 09:00 stays 09:00 local', () => {
    const from = new Date('2026-03-27T00:00:00Z');
    expect(iso(nextFireTimes(parseCron('30 2 * * *'), 'Europe/Berlin', from, 4))).toEqual([
      '2026-03-27T01:30Z', // 02:30 CET
      '2026-03-28T01:30Z',
      '2026-03-29T01:30Z', // 02:30 does not exist: 03:30 CEST
      '2026-03-30T00:30Z', // 02:30 CEST
    ]);
    expect(iso(nextFireTimes(parseCron('0 9 * * *'), 'Europe/Berlin', from, 4))).toEqual([
      '2026-03-27T08:00Z',
      '2026-03-28T08:00Z',
      '2026-03-29T07:00Z',
      '2026-03-30T07:00Z',
    ]);
  });

  it('Europe/Berlin fall back: a repeated 02:30 fires once, at its first occurrence', () => {
    const from = new Date('2026-10-24T00:00:00Z');
    expect(iso(nextFireTimes(parseCron('30 2 * * *'), 'Europe/Berlin', from, 3))).toEqual([
      '2026-10-24T00:30Z',
      '2026-10-25T00:30Z', // 02:30 CEST (the first of the two)
      '2026-10-26T01:30Z',
    ]);
  });

  it('America/New_York: weekdays at 09:00 across the March change, and the repeated 01:30 in November', () => {
    const march = new Date('2026-03-05T00:00:00Z');
    expect(iso(nextFireTimes(parseCron('0 9 * * 1-5'), 'America/New_York', march, 3))).toEqual([
      '2026-03-05T14:00Z',
      '2026-03-06T14:00Z',
      '2026-03-09T13:00Z', // Monday after the change: EDT
    ]);
    const november = new Date('2026-10-31T00:00:00Z');
    expect(iso(nextFireTimes(parseCron('30 1 * * *'), 'America/New_York', november, 3))).toEqual([
      '2026-10-31T05:30Z',
      '2026-11-01T05:30Z', // 01:30 EDT, not again at 01:30 EST
      '2026-11-02T06:30Z',
    ]);
  });

  it('fields: lists, ranges, steps, names, and either day field when both are set', () => {
    const spec = parseCron('*/20 8-9 * jan,feb mon');
    expect(spec.minutes).toEqual([0, 20, 40]);
    expect(spec.hours).toEqual([8, 9]);
    expect([...spec.months]).toEqual([1, 2]);
    const either = nextFireTimes(parseCron('0 12 1 * fri'), 'UTC', new Date('2026-05-01T13:00:00Z'), 2);
    expect(iso(either)).toEqual(['2026-05-08T12:00Z', '2026-05-15T12:00Z']);
    expect(() => parseCron('61 * * * *')).toThrow(CronError);
    expect(() => parseCron('* * *')).toThrow(/5/);
  });

  it('zonedTime is the instant of a wall time', () => {
    expect(new Date(zonedTime(2026, 7, 1, 12, 0, 'Europe/Berlin')).toISOString()).toBe(
      '2026-07-01T10:00:00.000Z',
    );
  });
});

describe('schedule triggers as cron', () => {
  it('daily and weekly sugar', () => {
    expect(cronOf('schedule.daily', { at: '08:30' })).toBe('30 8 * * *');
    expect(cronOf('schedule.daily', { at: '08:30', days: ['friday', 'monday'] })).toBe('30 8 * * 1,5');
    expect(cronOf('schedule.weekly', { day: 'sunday', at: '18:05' })).toBe('5 18 * * 0');
    expect(cronOf('schedule.cron', { cron: '0 9 * * 1-5' })).toBe('0 9 * * 1-5');
  });

  it('overlap policy follows the concurrency mode', () => {
    expect([overlapFor('single'), overlapFor('queued'), overlapFor('parallel')]).toEqual([
      'SKIP',
      'BUFFER_ALL',
      'ALLOW_ALL',
    ]);
  });
});
