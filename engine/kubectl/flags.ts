// Command-line parsing with pflag's rules, as kubectl's cobra commands see their arguments:
// flags may come anywhere, `--name=value`, `--name value`, `-n value`, `-nvalue`, grouped boolean
// shorthands (`-Aw`), `--` ends the flags. Errors are worded as pflag words them and end with
// kubectl's usage hint (k8s.io/kubectl/pkg/cmd/util/helpers.go UsageErrorf, spf13/pflag/flag.go).
import { KubectlError, UserError } from '../errors.ts';
import { parseDuration } from '../duration.ts';

/** A `duration` flag is kept as its text, once time.ParseDuration accepts it. */
export type FlagType = 'bool' | 'string' | 'int' | 'stringArray' | 'duration';

export interface FlagSpec {
  name: string;
  shorthand?: string;
  type: FlagType;
  /** For a string flag given without `=value` when its value is optional (`--cascade`). */
  noOptDefault?: string;
}

export interface ParsedArgs {
  args: string[];
  flags: Map<string, string | string[] | boolean | number>;
}

/** A flag that could not be parsed, as kubectl's FlagErrorFunc words pflag's error (k8s.io/kubectl/pkg/cmd/cmd.go). */
export function usageError(command: string, message: string): KubectlError {
  return new KubectlError(`error: ${message}\nSee 'kubectl ${command} --help' for usage.`);
}

/** A command's own usage mistake (k8s.io/kubectl/pkg/cmd/util/helpers.go UsageErrorf). */
export function usageErrorf(command: string, message: string): KubectlError {
  return new KubectlError(`error: ${message}\nSee 'kubectl ${command} -h' for help and examples`);
}

/** A flag marked required that was not given: cobra's error as it is, with no usage hint (spf13/cobra/command.go ValidateRequiredFlags). */
export function requiredFlagError(...names: string[]): KubectlError {
  return new KubectlError(`error: required flag(s) "${names.join('", "')}" not set`);
}

export function parseFlags(command: string, argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.shorthand).map((s) => [s.shorthand!, s]));
  const args: string[] = [];
  const flags = new Map<string, string | string[] | boolean | number>();

  // pflag names a flag with a shorthand as `-r, --replicas` in its errors, however it was given.
  const set = (spec: FlagSpec, raw: string, given: string) => {
    const shown = spec.shorthand ? `-${spec.shorthand}, --${spec.name}` : given;
    switch (spec.type) {
      case 'bool': {
        if (!/^(1|0|t|f|T|F|true|false|TRUE|FALSE|True|False)$/.test(raw)) {
          throw usageError(command, `invalid argument "${raw}" for "${shown}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`);
        }
        flags.set(spec.name, /^(1|t|T|true|TRUE|True)$/.test(raw));
        break;
      }
      case 'int': {
        if (!/^[+-]?\d+$/.test(raw)) {
          throw usageError(command, `invalid argument "${raw}" for "${shown}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`);
        }
        flags.set(spec.name, Number(raw));
        break;
      }
      case 'duration': {
        try {
          parseDuration(raw);
        } catch (e) {
          if (e instanceof UserError) throw usageError(command, `invalid argument "${raw}" for "${shown}" flag: ${e.message}`);
          throw e;
        }
        flags.set(spec.name, raw);
        break;
      }
      case 'stringArray': {
        const prev = (flags.get(spec.name) as string[] | undefined) ?? [];
        flags.set(spec.name, [...prev, raw]);
        break;
      }
      default:
        flags.set(spec.name, raw);
    }
  };

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) throw usageError(command, `unknown flag: --${name}`);
      if (eq >= 0) set(spec, a.slice(eq + 1), `--${name}`);
      else if (spec.type === 'bool') flags.set(spec.name, true);
      else if (spec.noOptDefault !== undefined) set(spec, spec.noOptDefault, `--${name}`);
      else if (i + 1 < argv.length) set(spec, argv[++i], `--${name}`);
      else throw usageError(command, `flag needs an argument: --${name}`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && a !== '-') {
      // Shorthands: `-Aw`, `-o wide`, `-owide`, `-o=wide`.
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const spec = byShort.get(c);
        if (!spec) throw usageError(command, `unknown shorthand flag: '${c}' in ${a}`);
        if (spec.type === 'bool') {
          if (a[j + 1] === '=') {
            set(spec, a.slice(j + 2), `-${c}, --${spec.name}`);
            break;
          }
          flags.set(spec.name, true);
          continue;
        }
        const rest = a.slice(j + 1);
        if (rest.length > 0) set(spec, rest.startsWith('=') ? rest.slice(1) : rest, `-${c}, --${spec.name}`);
        else if (spec.noOptDefault !== undefined) set(spec, spec.noOptDefault, `-${c}, --${spec.name}`);
        else if (i + 1 < argv.length) set(spec, argv[++i], `-${c}, --${spec.name}`);
        else throw usageError(command, `flag needs an argument: '${c}' in ${a}`);
        break;
      }
      continue;
    }
    args.push(a);
  }
  return { args, flags };
}

export function str(p: ParsedArgs, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function bool(p: ParsedArgs, name: string): boolean {
  return p.flags.get(name) === true;
}

export function int(p: ParsedArgs, name: string): number | undefined {
  const v = p.flags.get(name);
  return typeof v === 'number' ? v : undefined;
}

export function strings(p: ParsedArgs, name: string): string[] {
  const v = p.flags.get(name);
  return Array.isArray(v) ? v : [];
}

/** Splits a command line as a POSIX shell would: whitespace, single and double quotes, backslashes. */
export function shellSplit(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new KubectlError(`unterminated quote in: ${line}`);
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      i++;
      for (; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) i++;
        cur += line[i];
      }
      if (i >= line.length) throw new KubectlError(`unterminated quote in: ${line}`);
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}
