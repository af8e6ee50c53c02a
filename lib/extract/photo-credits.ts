/**
 * Photo credits at the end of a caption: "Photograph: Tomasz Reiner/The Post", "(Image: …)", "Credit...Lukas Brandl
 * for The Ledger", "Foto: Gemeente Lindendal", "Photo by the author." — and a bare "Ruaridh Kerr for Meridian" when
 * the page sets it apart in an element of its own after the caption's last sentence.
 */
const CREDIT_WORDS = [
  'photo(?:graph)?s?', 'pictures?', 'images?', 'illustrations?', 'credits?', 'crédits?(?: photo)?', 'créditos?', 'fotos?', 'fotografie',
  'bild(?:er)?',
];
/** "Photo:", "Credit...", "Foto von", "(AP Photo/…)": a credit word followed by a colon, an ellipsis, a slash or "by". */
const CREDIT_LABEL = new RegExp(`\\(?\\b(?:${CREDIT_WORDS.join('|')})(?:\\s*(?::|\\.{2,}|…|/)|\\s+(?:by|von|di|door|par|por)\\b)`, 'giu');
/** A news agency's credit, the agency in capitals before a slash: "REUTERS/Ivan Alvarado/File Photo", "(EPA/…)". */
const AGENCY_CREDIT = /\(?\b\p{Lu}{2,}(?:[ -]\p{Lu}{2,})?\/\s?\p{Lu}/gu;
/** The caption's last parenthesis naming a photographer: "(Dana Whitcomb for The Post)", "(Matt York/AP)". */
const PARENTHESIZED_CREDIT = /\(\s*\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3}\s*(?:\/|\s+for\s+)[^()]{1,80}\)\s*$/u;
/**
 * The Japanese press's credit formula after a full-width equals sign: "…＝香川県汐見町で2025年11月14日、森下沙織撮影" (place,
 * date and photographer), "＝提供写真", "＝共同".
 */
const JAPANESE_CREDIT = /＝[^＝]{0,60}(?:撮影|提供|提供写真|共同|時事|ロイター|AP|AFP)\s*$/u;
/**
 * The caption's last parenthesis giving the source before a colon, ABC's and other broadcasters' form: "(ABC News:
 * Lachlan Petrakis)", "(Supplied: Tasmanian Oyster Council)".
 */
const SOURCE_COLON_CREDIT = /\(\s*\p{Lu}[\p{L}'’.&-]*(?:\s+[\p{Lu}&][\p{L}'’.&-]*){0,3}:\s*[^():]{1,80}\)\s*$/u;
const NAMED_FOR_PUBLICATION = /^\s*\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3}\s+for\s+\S.*$/su;
/** A credit is a name or two and an agency; longer text is the caption going on. */
const MAX_CREDIT_LENGTH = 120;
const ENDS_SENTENCE = /[.!?:;)]\s*$/;
/** A dash setting the credit apart, as g1 (Globo) prints it: "Feira no Bosque Central — Foto: Renan Albuquerque/RPC". */
const ENDS_WITH_DASH = /\s[—–-]\s*$/;

const followsSentence = (before: string) => !before.trim() || ENDS_SENTENCE.test(before) || ENDS_WITH_DASH.test(before);

/** Where the credit starts in the caption text; `starts` are the offsets where the markup sets text apart. */
function creditStart(text: string, starts: number[]): number | null {
  for (const pattern of [CREDIT_LABEL, AGENCY_CREDIT]) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index!;
      const setApart = match[0].startsWith('(') || followsSentence(text.slice(0, start));
      if (setApart && text.length - start <= MAX_CREDIT_LENGTH) return start;
    }
  }
  const trailing = PARENTHESIZED_CREDIT.exec(text) ?? SOURCE_COLON_CREDIT.exec(text) ?? JAPANESE_CREDIT.exec(text);
  if (trailing && trailing.index > 0 && (trailing[0].startsWith('＝') || followsSentence(text.slice(0, trailing.index)))) return trailing.index;
  for (const start of starts) {
    const rest = text.slice(start);
    const isBareCredit = rest.trim().length <= MAX_CREDIT_LENGTH && NAMED_FOR_PUBLICATION.test(rest);
    if (start > 0 && isBareCredit && ENDS_SENTENCE.test(text.slice(0, start))) return start;
  }
  return null;
}

/**
 * The pieces of a caption's text (one per text node) with its closing photo credit removed: pieces after the
 * credit's start come back empty, the one it starts in cut short.
 */
export function withoutPhotoCredit(pieces: string[]): string[] {
  const starts: number[] = [];
  let text = '';
  for (const piece of pieces) {
    starts.push(text.length);
    text += piece;
  }
  const start = creditStart(text, starts);
  if (start === null) return pieces;
  const dash = ENDS_WITH_DASH.exec(text.slice(0, start));
  const cut = dash ? dash.index : start;
  return pieces.map((piece, i) => (starts[i] >= cut ? '' : piece.slice(0, cut - starts[i])));
}
