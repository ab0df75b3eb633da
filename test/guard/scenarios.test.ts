import { loadScenarios, sorted, summarize } from './corpus';
import { loadManifests } from '../../lib/manifests/yaml';
import { guardChanges, GUARD_RULES } from '../../lib/guard';

const scenarios = loadScenarios();

describe('the scenario corpus', () => {
  test('has at least 30 scenarios, at least 8 of which must report nothing', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
    expect(scenarios.filter((s) => s.findings.length === 0).length).toBeGreaterThanOrEqual(8);
  });

  test('exercises every rule of the catalog', () => {
    const used = new Set(scenarios.flatMap((s) => s.findings.map((f) => f.rule)));
    expect([...used].sort()).toEqual(Object.keys(GUARD_RULES).sort());
  });
});

describe.each(scenarios.map((s) => [s.name, s] as const))('scenario %s', (_name, scenario) => {
  test(`reports exactly the expected findings: ${scenario.description}`, () => {
    const findings = guardChanges(loadManifests([scenario.before]), loadManifests([scenario.after]));
    expect(sorted(findings.map(summarize))).toEqual(sorted(scenario.findings));
  });

  test('every finding carries a severity matching its rule, a message and a remedy', () => {
    const findings = guardChanges(loadManifests([scenario.before]), loadManifests([scenario.after]));
    for (const finding of findings) {
      expect(finding.severity).toBe(GUARD_RULES[finding.rule].severity);
      expect(finding.message.length).toBeGreaterThan(10);
      expect(finding.remedy.length).toBeGreaterThan(10);
    }
  });
});
