import { Cron } from 'cdk8s';
import { CronTask, CronTaskProps, ShipshapeError } from '../../../lib';
import { expectValidOutput, single, synthObjects, testChart, shipshapeErrorOf } from '../../support/manifests';

const base: CronTaskProps = { name: 'nightly', image: 'ghcr.io/acme/report:1.0.0', schedule: '0 2 * * *' };

/** The schedule as the CronJob carries it. */
function scheduleOf(schedule: CronTaskProps['schedule']): string {
  const chart = testChart();
  new CronTask(chart, 'nightly', { ...base, schedule });
  const objects = synthObjects(chart);
  expectValidOutput(objects);
  return single<{ spec: { schedule: string } }>(objects, 'CronJob').spec.schedule;
}

/** The error a CronTask with these props throws. */
function errorOf(props: Partial<CronTaskProps>): ShipshapeError {
  return shipshapeErrorOf(() => new CronTask(testChart(), 'nightly', { ...base, ...props }));
}

describe('CronTask schedule: accepted forms', () => {
  test.each([
    ['a plain 5-field expression', '0 2 * * *'],
    ['every field at its bounds', '0,59 0,23 1,31 1,12 0,6'],
    ['ranges, steps and lists', '*/15 8-18/2 1-7,15 1-6 1-5'],
    ['a step from a start value', '5/20 * * * *'],
    ['month and weekday names, in any case', '0 3 * JAN-MAR,dec MON-fri'],
    ['? for any day of month or weekday', '0 0 ? * ?'],
    ['February 31st: valid syntax that never fires', '0 0 31 2 *'],
  ])('%s', (_, expression) => {
    expect(scheduleOf(expression)).toBe(expression);
  });

  test.each(['@hourly', '@daily', '@weekly', '@monthly', '@yearly', '@annually'])('the macro %s', (macro) => {
    expect(scheduleOf(macro)).toBe(macro);
  });

  test('a cdk8s Cron object, as its expression', () => {
    expect(scheduleOf(Cron.daily())).toBe('0 0 * * *');
    expect(scheduleOf(Cron.schedule({ minute: '30', hour: '4', weekDay: 'SUN' }))).toBe('30 4 * * SUN');
  });

  test('extra whitespace between fields is collapsed to one space', () => {
    expect(scheduleOf('  0  2 *\t* *  ')).toBe('0 2 * * *');
  });
});

// Message format: `<construct path>: schedule <field> must be <allowed values>, got <bad part> in '<expression>'`.
describe('CronTask schedule: rejected forms name the field and the bad part', () => {
  test('a minute out of range', () => {
    const error = errorOf({ schedule: '61 * * * *' });
    expect(error.message).toBe("test/nightly: schedule minute must be 0-59, got 61 in '61 * * * *'");
    expect(error.prop).toBe('schedule minute');
    expect(error.expected).toBe('0-59');
    expect(error.given).toBe("61 in '61 * * * *'");
  });

  test('an hour out of range', () => {
    expect(errorOf({ schedule: '0 24 * * *' }).message).toBe("test/nightly: schedule hour must be 0-23, got 24 in '0 24 * * *'");
  });

  test('a day of month of 0', () => {
    expect(errorOf({ schedule: '0 0 0 * *' }).message).toBe("test/nightly: schedule day must be 1-31, got 0 in '0 0 0 * *'");
  });

  test('a month out of range, within a list', () => {
    expect(errorOf({ schedule: '0 0 1 1,13 *' }).message).toBe("test/nightly: schedule month must be 1-12 or JAN-DEC, got 13 in '0 0 1 1,13 *'");
  });

  test('an unknown month name', () => {
    expect(errorOf({ schedule: '0 0 1 JANUARY *' }).message).toBe("test/nightly: schedule month must be 1-12 or JAN-DEC, got JANUARY in '0 0 1 JANUARY *'");
  });

  test('weekday 7, which Kubernetes does not accept for Sunday', () => {
    expect(errorOf({ schedule: '0 0 * * 7' }).message)
      .toBe("test/nightly: schedule weekday must be 0-6 or SUN-SAT (Kubernetes does not accept 7 for Sunday: use 0), got 7 in '0 0 * * 7'");
  });

  test('a range without an end', () => {
    expect(errorOf({ schedule: '* * * * MON-' }).message).toBe(
      "test/nightly: schedule weekday must be 0-6 or SUN-SAT, as a value, a range (a-b), a step (*/n, a/n or a-b/n) or a comma-separated list of them, got MON- in '* * * * MON-'");
  });

  test('an empty list item', () => {
    expect(errorOf({ schedule: '0 1,,2 * * *' }).message).toMatch(/^test\/nightly: schedule hour must be 0-23, as a value, .* got {2}in '0 1,,2 \* \* \*'$/);
  });

  test('a descending range', () => {
    expect(errorOf({ schedule: '0 0 * * FRI-MON' }).message).toBe("test/nightly: schedule weekday range must be ascending (start at most end), got FRI-MON in '0 0 * * FRI-MON'");
  });

  test('a step of 0', () => {
    expect(errorOf({ schedule: '*/0 * * * *' }).message).toBe("test/nightly: schedule minute step must be a whole number from 1 to 59, got 0 in '*/0 * * * *'");
  });

  test('a step that is not a number', () => {
    expect(errorOf({ schedule: '*/x * * * *' }).message).toBe("test/nightly: schedule minute step must be a whole number from 1 to 59, got x in '*/x * * * *'");
  });

  test('? outside the day fields', () => {
    expect(errorOf({ schedule: '? * * * *' }).message).toBe("test/nightly: schedule minute must be 0-59, got ? in '? * * * *'");
  });

  test('too few fields', () => {
    expect(errorOf({ schedule: '* * *' }).message).toBe(
      "test/nightly: schedule must be 5 fields (minute hour day month weekday) or one of '@hourly', '@daily', '@weekly', '@monthly', '@yearly', '@annually', got '* * *'");
  });

  test('six fields (seconds are not supported)', () => {
    expect(errorOf({ schedule: '0 0 2 * * *' }).prop).toBe('schedule');
  });

  test('an unknown macro', () => {
    expect(errorOf({ schedule: '@sometimes' }).message).toBe(
      "test/nightly: schedule must be one of '@hourly', '@daily', '@weekly', '@monthly', '@yearly', '@annually' or 5 fields (minute hour day month weekday), got '@sometimes'");
  });

  test('a TZ= prefix, which Kubernetes rejects in favour of timeZone', () => {
    expect(errorOf({ schedule: 'CRON_TZ=UTC 0 2 * * *' }).message).toContain('without TZ= (Kubernetes rejects it: use timeZone)');
  });

  test('a Cron object with a bad field', () => {
    expect(errorOf({ schedule: Cron.schedule({ minute: '0', hour: '25' }) }).message).toBe("test/nightly: schedule hour must be 0-23, got 25 in '0 25 * * *'");
  });

  test('something that is neither a string nor a Cron', () => {
    expect(errorOf({ schedule: 42 as unknown as string }).message).toMatch(/^test\/nightly: schedule must be a cron expression or a cdk8s Cron .*, got 42$/);
  });
});

describe('CronTask timeZone', () => {
  test('an IANA zone name is accepted and written as given', () => {
    const chart = testChart();
    new CronTask(chart, 'nightly', { ...base, timeZone: 'Europe/Berlin' });
    const objects = synthObjects(chart);
    expectValidOutput(objects);
    expect(single<{ spec: { timeZone: string } }>(objects, 'CronJob').spec.timeZone).toBe('Europe/Berlin');
  });

  test('UTC is accepted', () => {
    expect(() => new CronTask(testChart(), 'nightly', { ...base, timeZone: 'UTC' })).not.toThrow();
  });

  test('an unknown zone is rejected', () => {
    expect(errorOf({ timeZone: 'Mars/Olympus' }).message)
      .toBe("test/nightly: timeZone must be a time zone of the IANA tz database such as 'Europe/Berlin' or 'UTC', got 'Mars/Olympus'");
  });

  test('a zone in the wrong case is rejected with its spelling (Kubernetes resolves names case-sensitively)', () => {
    expect(errorOf({ timeZone: 'europe/berlin' }).message)
      .toBe("test/nightly: timeZone must be a time zone of the IANA tz database such as 'Europe/Berlin' or 'UTC', spelled 'Europe/Berlin', got 'europe/berlin'");
  });

  test('Local is rejected (Kubernetes requires an explicit zone)', () => {
    expect(errorOf({ timeZone: 'Local' }).prop).toBe('timeZone');
  });

  test('a UTC offset is rejected', () => {
    expect(errorOf({ timeZone: '+01:00' }).prop).toBe('timeZone');
  });
});
