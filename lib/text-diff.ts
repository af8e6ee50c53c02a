/** A short, human-readable diff: sentences that disappeared and appeared, a few of each, clipped. */
export function shortTextDiff(before: string, after: string, { maxItems = 5, maxLength = 200 } = {}): { removed: string[]; added: string[] } {
  const sentences = (text: string) => text.split(/(?<=[.!?])\s+|\n+/).map((part) => part.trim()).filter(Boolean);
  const old = sentences(before);
  const current = sentences(after);
  const oldSet = new Set(old);
  const currentSet = new Set(current);
  const clip = (sentence: string) => (sentence.length > maxLength ? `${sentence.slice(0, maxLength - 1)}…` : sentence);
  return {
    removed: old.filter((sentence) => !currentSet.has(sentence)).slice(0, maxItems).map(clip),
    added: current.filter((sentence) => !oldSet.has(sentence)).slice(0, maxItems).map(clip),
  };
}
