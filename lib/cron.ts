const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
] as const;
const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

function value(token: string, field: (typeof FIELDS)[number]): number | null {
  const names = 'names' in field ? (field.names as readonly string[]) : [];
  const named = names.indexOf(token.toLowerCase());
  if (named >= 0) return named + (field.name === 'month' ? 1 : 0);
  if (!/^\d+$/.test(token)) return null;
  const number = Number(token);
  return number >= field.min && number <= field.max ? number : null;
}

function fieldProblem(part: string, field: (typeof FIELDS)[number]): string | null {
  for (const item of part.split(',')) {
    const [range, step, extra] = item.split('/');
    if (extra !== undefined || (step !== undefined && !/^[1-9]\d*$/.test(step))) return `bad step in ${field.name} "${item}"`;
    if (range === '*' || range === '?') continue;
    const [from, to, more] = range.split('-');
    if (more !== undefined) return `bad range in ${field.name} "${item}"`;
    const start = value(from, field);
    const end = to === undefined ? start : value(to, field);
    if (start === null || end === null) return `${field.name} must be ${field.min}-${field.max}, got "${item}"`;
    if (end < start) return `${field.name} range "${item}" runs backwards`;
  }
  return null;
}

/** Why a standard five-field cron expression (or a macro such as @daily) is not valid, or null when it is. */
export function cronProblem(expression: string): string | null {
  const trimmed = expression.trim();
  if (MACROS.has(trimmed.toLowerCase())) return null;
  const parts = trimmed.split(/\s+/);
  if (parts.length !== 5) return `a cron expression has 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`;
  for (let i = 0; i < 5; i++) {
    const problem = fieldProblem(parts[i], FIELDS[i]);
    if (problem) return problem;
  }
  return null;
}
