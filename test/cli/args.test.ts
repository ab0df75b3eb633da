import { CommandOption, podSecurityLevelOption, readArguments, reportFormat, UsageError } from '../../lib/cli/args';

/** Reads a command line into what a command would see: options with their values, and the rest. */
function read(args: readonly string[], valued: readonly string[] = ['--format', '-o']): { options: [string, string?][]; positional: string[] } {
  const options: [string, string?][] = [];
  const positional: string[] = [];
  readArguments(args, (option) => {
    if (option.flag === '--help') options.push([option.flag]);
    else if (valued.includes(option.flag)) options.push([option.flag, option.value()]);
    else return false;
    return true;
  }, (arg) => { positional.push(arg); });
  return { options, positional };
}

const optionOf = (flag: string, value: string): CommandOption => ({ flag, value: () => value });

describe('the command-line reader every shipshape command uses', () => {
  test('reads options with their values, written with = or as the next argument, in order with the rest', () => {
    expect(read(['dist', '--format=json', '-o', 'out.md', 'more', '--help'])).toEqual({
      options: [['--format', 'json'], ['-o', 'out.md'], ['--help']],
      positional: ['dist', 'more'],
    });
  });

  test('a lone "-" is an argument, not an option', () => {
    expect(read(['-']).positional).toEqual(['-']);
  });

  test('an option without its value is a usage error naming it', () => {
    expect(() => read(['-o'])).toThrow(new UsageError('-o needs a value'));
    expect(() => read(['--format', '--help'])).toThrow(new UsageError('--format needs a value'));
  });

  test('an option the command does not know is a usage error naming it', () => {
    expect(() => read(['--fast'])).toThrow(new UsageError('unknown option --fast'));
    expect(() => read(['--fast=yes'])).toThrow(new UsageError('unknown option --fast'));
  });

  test('--format is text or json', () => {
    expect(reportFormat(optionOf('--format', 'json'))).toBe('json');
    expect(() => reportFormat(optionOf('--format', 'yaml'))).toThrow(new UsageError('--format must be text or json, got yaml'));
  });

  test('--default-level is a Pod Security Standards level', () => {
    expect(podSecurityLevelOption(optionOf('--default-level', 'baseline'))).toBe('baseline');
    expect(() => podSecurityLevelOption(optionOf('--default-level', 'strict'))).toThrow(new UsageError('--default-level must be restricted, baseline or privileged, got strict'));
  });
});
