// A number as people write it: grouped thousands ("1,299", "1.299", "1 299", "1'299") and an optional
// decimal part after either separator.
const NUMBER_PATTERN =
  /[-−]?(?:\d{1,3}(?:(?:[.,'’ \u00a0\u202f])\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)/g;
const CURRENCY = /[$€£¥₹₩₽¢₺₴₪฿₫₱₦]|\b(?:USD|EUR|GBP|JPY|CHF|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|INR|CNY|BRL|MXN|ZAR)\b|\bkr\b|\bzł/i;

interface NumberMatch {
  raw: string;
  start: number;
  end: number;
}

function findNumbers(text: string): NumberMatch[] {
  return [...text.matchAll(NUMBER_PATTERN)].map((match) => ({
    raw: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** Decides which separator is the decimal point: "1,299" is a thousand, "12,50" and "1.299,99" have decimals. */
function normalizeNumber(raw: string): number | null {
  const negative = /^[-−]/.test(raw);
  const digits = raw.replace(/^[-−]/, '').replace(/['’ \u00a0\u202f]/g, '');
  const lastSeparator = Math.max(digits.lastIndexOf('.'), digits.lastIndexOf(','));
  let normalized = digits;
  if (lastSeparator >= 0) {
    const separator = digits[lastSeparator];
    const decimals = digits.length - lastSeparator - 1;
    const usesBothSeparators = digits.includes('.') && digits.includes(',');
    const repeated = digits.indexOf(separator) !== lastSeparator;
    const isGrouping = !usesBothSeparators && !/^0[.,]/.test(digits) && (repeated || decimals === 3);
    normalized = isGrouping
      ? digits.replace(/[.,]/g, '')
      : `${digits.slice(0, lastSeparator).replace(/[.,]/g, '')}.${digits.slice(lastSeparator + 1)}`;
  }
  const value = Number(normalized);
  if (!Number.isFinite(value)) return null;
  return negative ? -value : value;
}

/** First number in a text: "4.5 out of 5" → 4.5, "1,234 reviews" → 1234, "-3,5 °C" → -3.5. */
export function parseNumber(text: string | null | undefined): number | null {
  if (!text) return null;
  const [first] = findNumbers(text);
  return first ? normalizeNumber(first.raw) : null;
}

/**
 * Amount in a price text: "$1,299.99", "1.299,99 €", "£24.99", "CHF 1'299.–". When several numbers appear,
 * the first one written next to a currency wins ("Save 20% – now £24.99" → 24.99).
 */
export function parsePrice(text: string | null | undefined): number | null {
  if (!text) return null;
  const numbers = findNumbers(text).map((match) => ({ ...match, raw: match.raw.replace(/^[-−]/, '') }));
  if (numbers.length === 0) return null;
  const nextToCurrency = numbers.find(
    (match) => CURRENCY.test(text.slice(Math.max(0, match.start - 4), match.start)) || CURRENCY.test(text.slice(match.end, match.end + 4)),
  );
  return normalizeNumber((nextToCurrency ?? numbers[0]).raw);
}
