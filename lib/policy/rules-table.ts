import { RULES } from './engine';

/** The rules table of the README, generated from the rule metadata so the docs cannot drift. */
export function rulesTableMarkdown(): string {
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  const rows = RULES.map((r) => `| \`${r.id}\` | ${r.severity} | ${escape(r.title)} | ${escape(r.rationale)} | ${r.sources.join(', ')} |`);
  return ['| ID | severity | checks | why | source |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

if (require.main === module) {
  console.log(rulesTableMarkdown());
}
