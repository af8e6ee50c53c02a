import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs` in strict mode with positionals; its complaints (unknown option, missing value) become usage errors. */
export function parseCommandArgs<const O extends OptionsConfig>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    // Node's own hint on unknown options ("To specify a positional argument starting with a '-' …") is noise here.
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
    throw new UsageError(`${command}: ${message} (see trawl ${command} --help)`);
  }
}

/** A whole number of at least `min`, or a usage error naming the option. */
export function integerOption(name: string, value: string, min = 0): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, got ${JSON.stringify(value)}`);
  return Number(value);
}

const DURATION_UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** `500ms`, `90s`, `30m`, `1h`, or a bare number of seconds → milliseconds. */
export function durationOption(name: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  const ms = match ? Number(match[1]) * DURATION_UNITS_MS[(match[2] ?? 's') as keyof typeof DURATION_UNITS_MS] : NaN;
  if (!(ms > 0)) throw new UsageError(`--${name} must be a duration such as 90s, 30m or 1h, got ${JSON.stringify(value)}`);
  return ms;
}

/** One positional argument per entry of `names`, or a usage error showing the expected shape. */
export function expectPositionals(command: string, positionals: string[], names: string[]): string[] {
  if (positionals.length !== names.length) {
    const got = positionals.length === 0 ? 'none' : positionals.map((p) => JSON.stringify(p)).join(' ');
    throw new UsageError(`${command} expects ${names.join(' ')}, got ${got} (see trawl ${command} --help)`);
  }
  return positionals;
}
