const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const DOTTED_DATE = /^(\d{4})[./](\d{1,2})[./](\d{1,2})\.?$/;

const pad = (value: number) => String(value).padStart(2, '0');

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * ISO 8601 form of a published date. Values already in ISO form keep their own offset (an event at
 * 18:30+01:00 stays that way); other formats are parsed, and date-only values stay date-only.
 */
export function toIsoDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!text || text.length > 64) return null;

  const iso = ISO_DATE_TIME.exec(text);
  if (iso) {
    const [, year, month, day, hour, minute, second, fraction, zone] = iso;
    if (!isRealDate(Number(year), Number(month), Number(day))) return null;
    if (hour === undefined) return `${year}-${month}-${day}`;
    if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) return null;
    const offset = zone ? (zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`) : '';
    return `${year}-${month}-${day}T${hour}:${minute}:${second ?? '00'}${fraction ?? ''}${offset}`;
  }

  const dotted = DOTTED_DATE.exec(text);
  if (dotted) {
    const [year, month, day] = dotted.slice(1).map(Number);
    return isRealDate(year, month, day) ? `${year}-${pad(month)}-${pad(day)}` : null;
  }

  const parsed = new Date(text);
  const year = parsed.getFullYear();
  if (Number.isNaN(parsed.getTime()) || year < 1000 || year > 9999) return null;
  if (!/\d{1,2}:\d{2}/.test(text)) return `${year}-${pad(parsed.getMonth() + 1)}-${pad(parsed.getDate())}`;
  return parsed.toISOString();
}
