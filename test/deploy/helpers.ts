/**
 * Small, dependency-free parsers used by compose.test.ts: Compose variable interpolation, port entries, image
 * references, Dockerfiles, .dockerignore patterns and the subset of PromQL the Grafana dashboard uses.
 * Each is exercised on known-bad input in the test too, so that a check cannot pass vacuously.
 */

export type Env = Record<string, string | undefined>;

// ---------------------------------------------------------------- Compose interpolation

/** One `${…}` / `$NAME` reference found in a Compose value. */
export interface VarRef {
  name: string;
  /** '', ':-', '-', ':?', '?', ':+', '+' */
  operator: string;
  /** Default / error message / replacement text after the operator. */
  argument: string;
  raw: string;
}

const REF = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** The variable references in a value (`$$` is an escaped dollar, not a reference). */
export function variableRefs(value: string): VarRef[] {
  const refs: VarRef[] = [];
  const unescaped = value.replace(/\$\$/g, '');
  for (const match of unescaped.matchAll(REF)) {
    refs.push({ name: match[1] ?? match[4], operator: match[2] ?? '', argument: match[3] ?? '', raw: match[0] });
  }
  return refs;
}

/** Compose's interpolation (https://docs.docker.com/reference/compose-file/interpolation/). Throws on `:?`/`?` misses. */
export function interpolate(value: string, env: Env): string {
  const parts = value.split('$$');
  return parts
    .map((part) =>
      part.replace(REF, (raw, braced: string | undefined, operator: string | undefined, argument: string | undefined, bare: string | undefined) => {
        const name = (braced ?? bare) as string;
        const current = env[name];
        const set = current !== undefined;
        const nonEmpty = set && current !== '';
        switch (operator ?? '') {
          case '':
            return current ?? '';
          case ':-':
            return nonEmpty ? (current as string) : (argument ?? '');
          case '-':
            return set ? (current as string) : (argument ?? '');
          case ':?':
            if (!nonEmpty) throw new Error(`required variable ${name} is missing a value: ${argument}`);
            return current as string;
          case '?':
            if (!set) throw new Error(`required variable ${name} is missing a value: ${argument}`);
            return current as string;
          case ':+':
            return nonEmpty ? (argument ?? '') : '';
          case '+':
            return set ? (argument ?? '') : '';
          default:
            throw new Error(`unsupported interpolation ${raw}`);
        }
      }),
    )
    .join('$');
}

/** Interpolates every string in a parsed Compose document (keys are not interpolated, like Compose). */
export function interpolateDeep<T>(node: T, env: Env): T {
  if (typeof node === 'string') return interpolate(node, env) as T;
  if (Array.isArray(node)) return node.map((item) => interpolateDeep(item, env)) as T;
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateDeep(value, env)])) as T;
  }
  return node;
}

/**
 * A service's environment after Compose resolves it: map or list syntax; an entry without a value takes the
 * variable of the same name from the host environment, and is left out when that is unset.
 */
export function resolveServiceEnvironment(environment: unknown, env: Env): Record<string, string> {
  const entries: [string, string | null][] = [];
  if (Array.isArray(environment)) {
    for (const item of environment as string[]) {
      const at = item.indexOf('=');
      entries.push(at === -1 ? [item, null] : [item.slice(0, at), item.slice(at + 1)]);
    }
  } else if (environment && typeof environment === 'object') {
    for (const [key, value] of Object.entries(environment)) entries.push([key, value === null ? null : String(value)]);
  }
  const resolved: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (value === null) {
      if (env[key] !== undefined) resolved[key] = env[key] as string;
    } else {
      resolved[key] = interpolate(value, env);
    }
  }
  return resolved;
}

// ---------------------------------------------------------------- secrets

export const SECRET_NAME = /(PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;

/**
 * Why a raw (un-interpolated) environment value would be a literal secret, or null when it is fine:
 * - a secret-named variable must be unset-passthrough (null) or exactly one `${VAR…}` reference with no non-empty default;
 * - a URL's password must be such a reference.
 */
export function literalSecretProblem(key: string, raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  const value = String(raw);
  const onlyReference = (text: string): boolean => {
    const refs = variableRefs(text);
    if (refs.length !== 1 || refs[0].raw !== text) return false;
    const { operator, argument } = refs[0];
    return operator === '' || operator === ':?' || operator === '?' || ((operator === ':-' || operator === '-') && argument === '');
  };
  if (SECRET_NAME.test(key) && !onlyReference(value)) return `${key} holds a literal (or defaulted) value: ${JSON.stringify(value)}`;
  const url = /^[a-z][a-z0-9+.-]*:\/\/([^/@\s]*)@/i.exec(value);
  if (url) {
    const userinfo = url[1];
    const colon = userinfo.indexOf(':');
    if (colon !== -1 && !onlyReference(userinfo.slice(colon + 1))) return `${key} embeds a literal password in a URL`;
  }
  return null;
}

/** Secret-looking literals anywhere in a text file (OpenAI-style keys, private keys, AWS access keys). */
export function secretLiteralsIn(text: string): string[] {
  const patterns = [/\bsk-[A-Za-z0-9_-]{16,}/g, /-----BEGIN [A-Z ]*PRIVATE KEY-----/g, /\bAKIA[0-9A-Z]{16}\b/g];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[0]));
}

// ---------------------------------------------------------------- ports and images

export interface PortMapping { hostIp?: string; published?: number; target: number; protocol: string }

/** Compose short (`[ip:]published:target[/proto]`, `target`) or long (`{target, published}`) port syntax. */
export function parsePort(entry: unknown): PortMapping {
  if (typeof entry === 'number') return { target: entry, protocol: 'tcp' };
  if (entry && typeof entry === 'object') {
    const long = entry as { target: number | string; published?: number | string; host_ip?: string; protocol?: string };
    return { target: Number(long.target), published: long.published === undefined ? undefined : Number(long.published), hostIp: long.host_ip, protocol: long.protocol ?? 'tcp' };
  }
  const [spec, protocol = 'tcp'] = String(entry).split('/');
  const parts = spec.split(':');
  if (parts.length === 1) return { target: Number(parts[0]), protocol };
  if (parts.length === 2) return { published: Number(parts[0]), target: Number(parts[1]), protocol };
  return { hostIp: parts.slice(0, -2).join(':'), published: Number(parts.at(-2)), target: Number(parts.at(-1)), protocol };
}

export interface ImageRef { repository: string; tag?: string; digest?: string }

/** `[registry[:port]/]repo[:tag][@digest]`. */
export function parseImage(image: string): ImageRef {
  const [nameAndTag, digest] = image.split('@');
  const slash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.lastIndexOf(':');
  if (colon > slash) return { repository: nameAndTag.slice(0, colon), tag: nameAndTag.slice(colon + 1), digest };
  return { repository: nameAndTag, digest };
}

/** Pinned = a tag other than `latest`, or a digest. */
export function isPinned(image: string): boolean {
  const ref = parseImage(image);
  if (ref.digest) return true;
  return Boolean(ref.tag) && ref.tag !== 'latest' && !ref.tag!.includes('$');
}

// ---------------------------------------------------------------- Dockerfile

export interface Instruction { keyword: string; args: string; line: number }
export interface Stage { image: string; name?: string; instructions: Instruction[] }

/** Instructions of a Dockerfile: comments dropped, `\` continuations joined. */
export function parseDockerfile(text: string): { instructions: Instruction[]; stages: Stage[] } {
  const instructions: Instruction[] = [];
  const lines = text.split(/\r?\n/);
  let current: { text: string; line: number } | null = null;
  lines.forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#')) return; // comments, also between continuation lines
    if (current === null) {
      if (trimmed === '') return;
      current = { text: '', line: index + 1 };
    }
    if (trimmed.endsWith('\\')) {
      current.text += trimmed.slice(0, -1) + ' ';
      return;
    }
    current.text += trimmed;
    const match = /^(\S+)\s*([\s\S]*)$/.exec(current.text.trim());
    if (match) instructions.push({ keyword: match[1].toUpperCase(), args: match[2].trim(), line: current.line });
    current = null;
  });
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      stages.push({ image: words[0], name: /^as$/i.test(words[1] ?? '') ? words[2] : undefined, instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return { instructions, stages };
}

/** Exec-form (JSON array) arguments, or null for shell form. */
export function execForm(args: string): string[] | null {
  if (!args.startsWith('[')) return null;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) throw new Error(`not an exec-form array: ${args}`);
  return parsed;
}

/** The options and command of a HEALTHCHECK instruction. */
export function parseHealthcheck(args: string): { options: Record<string, string>; command: string[] | string | null } {
  const options: Record<string, string> = {};
  let rest = args;
  for (;;) {
    const option = /^--([a-z-]+)=(\S+)\s*/.exec(rest);
    if (!option) break;
    options[option[1]] = option[2];
    rest = rest.slice(option[0].length);
  }
  if (/^NONE$/i.test(rest)) return { options, command: null };
  const cmd = /^CMD\s+([\s\S]*)$/i.exec(rest);
  if (!cmd) throw new Error(`HEALTHCHECK without CMD: ${args}`);
  return { options, command: execForm(cmd[1]) ?? cmd[1] };
}

/** Every `npm …` invocation in a shell command line (split on `&&`, `||`, `;`, `|`). */
export function npmInvocations(command: string | string[]): string[][] {
  const text = Array.isArray(command) ? command.join(' ') : command;
  return text
    .split(/&&|\|\||;|\|/)
    .map((part) => part.trim().split(/\s+/))
    .filter((words) => words[0] === 'npm');
}

// ---------------------------------------------------------------- versions

/** Lowest Node.js version a `node:<tag>` image can contain, e.g. `20.20-bookworm-slim` → [20, 20, 0]; null for non-numeric tags. */
export function nodeImageMinimumVersion(tag: string): [number, number, number] | null {
  const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-|$)/.exec(tag);
  if (!match) return null;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

/** Whether a version satisfies an engines range made of `>=`, `>`, `<`, `<=`, `^`, `~`, `x` clauses joined by spaces and `||`. */
export function satisfiesRange(version: [number, number, number], range: string): boolean {
  const cmp = (a: number[], b: number[]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  const parse = (text: string) => {
    const match = /^v?(\d+|x|\*)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(text);
    if (!match) throw new Error(`unsupported version ${text} in engines range ${range}`);
    const nums = [match[1], match[2], match[3]].map((part) => (part === undefined || part === 'x' || part === '*' ? null : Number(part)));
    return nums;
  };
  const clause = (text: string): boolean => {
    const match = /^(>=|<=|>|<|=|\^|~)?\s*(.+)$/.exec(text.trim());
    if (!match) throw new Error(`unsupported clause ${text}`);
    const [, op = '=', rest] = match;
    const parts = parse(rest);
    const floor = parts.map((part) => part ?? 0);
    switch (op) {
      case '>=': return cmp(version, floor) >= 0;
      case '>': return cmp(version, floor) > 0;
      case '<': return cmp(version, floor) < 0;
      case '<=': return cmp(version, floor) <= 0;
      case '^': return cmp(version, floor) >= 0 && version[0] === floor[0];
      case '~': return cmp(version, floor) >= 0 && version[0] === floor[0] && version[1] === floor[1];
      default: return parts.every((part, i) => part === null || part === version[i]);
    }
  };
  return range.split('||').some((alternative) => alternative.trim().split(/\s+/).filter(Boolean).every(clause));
}

// ---------------------------------------------------------------- .dockerignore

/** Whether a path is excluded from the build context by .dockerignore patterns (last matching pattern wins). */
export function dockerignored(patterns: string[], filePath: string): boolean {
  const rules = patterns
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const pattern = (negate ? line.slice(1) : line).replace(/^\/+/, '').replace(/\/+$/, '');
      const source = pattern
        .split('/')
        .map((segment) => (segment === '**' ? '.*' : segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
        .join('/');
      return { negate, regex: new RegExp(`^${source.replace(/\.\*\//g, '(?:.*/)?')}$`) };
    });
  // A path is excluded when it or one of its parent directories matches.
  const segments = filePath.split('/');
  const prefixes = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
  let excluded = false;
  for (const rule of rules) {
    if (prefixes.some((prefix) => rule.regex.test(prefix))) excluded = !rule.negate;
  }
  return excluded;
}

// ---------------------------------------------------------------- PromQL

const PROMQL_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'atan2', 'inf', 'nan']);

export interface PromqlRefs {
  metrics: string[];
  /** Label names used in `{…}` matchers. */
  matcherLabels: string[];
  /** Label names in `by (…)` / `without (…)` / `on (…)` / `ignoring (…)` / `group_*(…)` clauses. */
  groupingLabels: string[];
}

/** Metric names and label names an expression references (enough of PromQL for dashboards; not a full parser). */
export function promqlRefs(expr: string): PromqlRefs {
  let text = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""') // string literals
    .replace(/\[[^\]]*\]/g, ' ') // range / subquery selectors (also hold $__rate_interval)
    .replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, ' ') // Grafana variables
    .replace(/\b(offset)\s+-?(?:\d+(?:ms|[smhdwy]))+/gi, ' ') // offset modifiers
    .replace(/@\s*(?:start\(\s*\)|end\(\s*\)|\d+(?:\.\d+)?)/g, ' '); // @ modifiers
  const groupingLabels: string[] = [];
  text = text.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g, (_, _kw, labels: string) => {
    groupingLabels.push(...labels.split(',').map((label) => label.trim()).filter(Boolean));
    return ' ';
  });
  const matcherLabels: string[] = [];
  text = text.replace(/\{([^}]*)\}/g, (_, body: string) => {
    for (const match of body.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)/g)) matcherLabels.push(match[1]);
    return ' ';
  });
  text = text.replace(/(^|[^A-Za-z0-9_:.])(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|0x[0-9a-fA-F]+)(?![A-Za-z0-9_:])/g, '$1 ');
  const metrics: string[] = [];
  for (const match of text.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = match[0];
    const after = text.slice((match.index ?? 0) + word.length);
    if (/^\s*\(/.test(after)) continue; // function or aggregation call
    if (PROMQL_KEYWORDS.has(word.toLowerCase())) continue;
    metrics.push(word);
  }
  return { metrics: [...new Set(metrics)], matcherLabels: [...new Set(matcherLabels)], groupingLabels: [...new Set(groupingLabels)] };
}
