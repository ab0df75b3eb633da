import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { GuardFinding } from '../../lib/guard';

/** Directory of the before/after scenario corpus. */
export const SCENARIO_ROOT = path.join(__dirname, 'scenarios');

/** One expected finding, as written in a scenario's expected.yaml. */
export interface ExpectedFinding {
  rule: string;
  object: string;
  path: string;
}

/** A scenario: `before/` and `after/` manifest directories and the exact findings expected. */
export interface Scenario {
  name: string;
  description: string;
  before: string;
  after: string;
  findings: ExpectedFinding[];
}

/** Every scenario of the corpus, in name order. */
export function loadScenarios(): Scenario[] {
  return fs.readdirSync(SCENARIO_ROOT).sort().map((name) => {
    const dir = path.join(SCENARIO_ROOT, name);
    const expected = parse(fs.readFileSync(path.join(dir, 'expected.yaml'), 'utf8')) as { description: string; findings: ExpectedFinding[] };
    return { name, description: expected.description, before: path.join(dir, 'before'), after: path.join(dir, 'after'), findings: expected.findings };
  });
}

/** A finding reduced to what the corpus pins: rule, object and path. */
export function summarize(finding: GuardFinding): ExpectedFinding {
  const o = finding.object;
  return { rule: finding.rule, object: `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`, path: finding.path };
}

/** Order-independent form for comparing finding lists. */
export function sorted(findings: readonly ExpectedFinding[]): ExpectedFinding[] {
  return [...findings].sort((a, b) => `${a.object}|${a.path}|${a.rule}`.localeCompare(`${b.object}|${b.path}|${b.rule}`));
}
