import { parsePodSecurityLevel, PodSecurityLevel } from '../kube/pod-security';

/** A mistake on the command line: the command prints it with its usage and exits with status 2. */
export class UsageError extends Error {}

/** One option of a command line, as {@link readArguments} hands it to a command. */
export interface CommandOption {
  /** The option as written, without a value: `--format`, `-o`. */
  readonly flag: string;
  /** Its value: after `=` (`--format=json`), else the next argument. */
  value(): string;
}

/**
 * Reads a command line in order: options (`--flag`, `--flag value`, `--flag=value`, `-o value`) go
 * to `onOption`, which returns false for one it does not know (a UsageError then); every other
 * argument goes to `onPositional`.
 */
export function readArguments(args: readonly string[], onOption: (option: CommandOption) => boolean, onPositional: (arg: string) => void): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('-') || arg === '-') {
      onPositional(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const option: CommandOption = {
      flag,
      value: () => {
        if (inline !== undefined) return inline;
        const next = args[i + 1];
        if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
        i++;
        return next;
      },
    };
    if (!onOption(option)) throw new UsageError(`unknown option ${flag}`);
  }
}

/** The value of `--format`: `text` or `json`. */
export function reportFormat(option: CommandOption): 'text' | 'json' {
  const format = option.value();
  if (format !== 'text' && format !== 'json') throw new UsageError(`${option.flag} must be text or json, got ${format}`);
  return format;
}

/** The value of `--default-level`: a Pod Security Standards level. */
export function podSecurityLevelOption(option: CommandOption): PodSecurityLevel {
  const value = option.value();
  const level = parsePodSecurityLevel(value);
  if (!level) throw new UsageError(`${option.flag} must be restricted, baseline or privileged, got ${value}`);
  return level;
}
