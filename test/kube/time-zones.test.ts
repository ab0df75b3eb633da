import { isKnownTimeZone, knownTimeZones, timeZoneSpelling } from '../../lib/kube/time-zones';

describe('time zones Kubernetes knows', () => {
  test.each(['Europe/Berlin', 'UTC', 'Etc/UTC', 'America/Los_Angeles', 'US/Pacific', 'Asia/Kolkata', 'Asia/Calcutta', 'PST8PDT', 'EST'])(
    '%s is a name of the tz database', (name) => {
      expect(isKnownTimeZone(name)).toBe(true);
    });

  test.each(['PST', 'IST', 'us/pacific', 'SystemV/AST4', 'Local', 'Europe/Atlantis', 'europe/berlin', ''])(
    '%j is not, though JavaScript may accept it', (name) => {
      expect(isKnownTimeZone(name)).toBe(false);
    });

  test('knows the spelling of a name given in another case', () => {
    expect(timeZoneSpelling('us/pacific')).toBe('US/Pacific');
    expect(timeZoneSpelling('PST')).toBeUndefined();
  });

  test('lists the database\'s names sorted, zones and links', () => {
    const names = knownTimeZones();
    expect(names.length).toBeGreaterThan(590);
    expect([...names].sort()).toEqual(names);
  });
});
