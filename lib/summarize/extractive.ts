import { NO_TEXT_CONTENT } from './page-text';
import { TARGET_SENTENCES } from './summary-length';
import { clip, splitSentences, splitWords } from './text-segments';
import type { SummaryLength, SummaryPage } from './types';

/**
 * Local summary without a model: centroid-based sentence extraction (Radev et al.). Each sentence
 * becomes a TF-IDF vector; a sentence scores by its cosine similarity to the sum of all *other*
 * sentences (how well it represents the text), nudged up for being early in its page or sharing
 * words with the page title, and down for being very short or very long. The best sentences that
 * are not near-duplicates of each other are returned in their original order. Deterministic.
 */
export function extractiveSummary(pages: readonly SummaryPage[], length: SummaryLength): string {
  const candidates = uniqueCandidates(pages);
  if (candidates.length === 0) return NO_TEXT_CONTENT;

  const scored = scoreCandidates(candidates, pages);
  const chosen = pickDistinct(scored, TARGET_SENTENCES[length]);
  return formatInOriginalOrder(chosen);
}

interface Candidate {
  page: number;
  position: number;
  text: string;
  /** Lower-cased words without stopwords. */
  terms: string[];
}

interface ScoredCandidate extends Candidate {
  score: number;
}

/** Sentences repeated verbatim (navigation, cookie banners on every page) count once, or they would look central. */
function uniqueCandidates(pages: readonly SummaryPage[]): Candidate[] {
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  pages.forEach((page, pageIndex) => {
    splitSentences(page.text).forEach((text, position) => {
      const words = splitWords(text);
      const identity = words.join(' ');
      if (words.length === 0 || seen.has(identity)) return;
      seen.add(identity);
      candidates.push({ page: pageIndex, position, text, terms: words.filter((word) => !STOPWORDS.has(word)) });
    });
  });
  return candidates;
}

const LEAD_BONUS = 0.3;
const TITLE_BONUS = 0.3;
const SHORT_SENTENCE_WORDS = 6;
const LONG_SENTENCE_WORDS = 40;
/** Keeps position/title/length meaningful when no sentence shares words with the others. */
const CENTRALITY_FLOOR = 0.05;

function scoreCandidates(candidates: Candidate[], pages: readonly SummaryPage[]): ScoredCandidate[] {
  const vectors = tfIdfVectors(candidates);
  const centroid = sumVectors(vectors);
  const centroidNormSquared = dot(centroid, centroid);
  const titleTerms = pages.map((page) => new Set(splitWords(page.title ?? '').filter((word) => !STOPWORDS.has(word))));

  return candidates.map((candidate, index) => {
    const centrality = leaveOneOutCosine(vectors[index], centroid, centroidNormSquared);
    const weight =
      positionWeight(candidate.position) *
      lengthWeight(splitWords(candidate.text).length) *
      titleWeight(candidate.terms, titleTerms[candidate.page]);
    return { ...candidate, score: (centrality + CENTRALITY_FLOOR) * weight };
  });
}

type Vector = Map<string, number>;

/** Unit-length TF-IDF vectors, treating each sentence as a document. */
function tfIdfVectors(candidates: Candidate[]): Vector[] {
  const documentFrequency = new Map<string, number>();
  for (const candidate of candidates) {
    for (const term of new Set(candidate.terms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const count = candidates.length;
  return candidates.map((candidate) => {
    const vector: Vector = new Map();
    for (const term of candidate.terms) {
      const idf = Math.log(count / documentFrequency.get(term)!);
      if (idf > 0) vector.set(term, (vector.get(term) ?? 0) + idf);
    }
    const norm = Math.sqrt(dot(vector, vector));
    for (const [term, weight] of vector) vector.set(term, weight / norm);
    return vector;
  });
}

function sumVectors(vectors: Vector[]): Vector {
  const sum: Vector = new Map();
  for (const vector of vectors) {
    for (const [term, weight] of vector) sum.set(term, (sum.get(term) ?? 0) + weight);
  }
  return sum;
}

function dot(a: Vector, b: Vector): number {
  let total = 0;
  for (const [term, weight] of a) total += weight * (b.get(term) ?? 0);
  return total;
}

/** Cosine between `vector` and `centroid - vector`, so a sentence gets no credit for resembling itself. */
function leaveOneOutCosine(vector: Vector, centroid: Vector, centroidNormSquared: number): number {
  const ownNormSquared = dot(vector, vector);
  const towardCentroid = dot(vector, centroid);
  const restNormSquared = centroidNormSquared - 2 * towardCentroid + ownNormSquared;
  if (ownNormSquared === 0 || restNormSquared <= 1e-12) return 0;
  return (towardCentroid - ownNormSquared) / Math.sqrt(restNormSquared);
}

function positionWeight(position: number): number {
  return 1 + LEAD_BONUS / (1 + position);
}

function lengthWeight(words: number): number {
  if (words < SHORT_SENTENCE_WORDS) return words / SHORT_SENTENCE_WORDS;
  if (words > LONG_SENTENCE_WORDS) return Math.sqrt(LONG_SENTENCE_WORDS / words);
  return 1;
}

function titleWeight(terms: string[], titleTerms: Set<string>): number {
  if (titleTerms.size === 0) return 1;
  const shared = new Set(terms.filter((term) => titleTerms.has(term))).size;
  return 1 + (TITLE_BONUS * shared) / titleTerms.size;
}

const NEAR_DUPLICATE_SIMILARITY = 0.6;

/** Best first; ties go to the earlier sentence so the result never depends on sort stability. */
function pickDistinct(scored: ScoredCandidate[], wanted: number): ScoredCandidate[] {
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.page - b.page || a.position - b.position);
  const chosen: ScoredCandidate[] = [];
  for (const candidate of ranked) {
    if (chosen.length === wanted) break;
    if (chosen.some((picked) => jaccard(picked.terms, candidate.terms) >= NEAR_DUPLICATE_SIMILARITY)) continue;
    chosen.push(candidate);
  }
  return chosen;
}

function jaccard(a: string[], b: string[]): number {
  const setA = new Set(a);
  const setB = new Set(b);
  if (setA.size === 0 && setB.size === 0) return 1;
  let shared = 0;
  for (const term of setA) if (setB.has(term)) shared += 1;
  return shared / (setA.size + setB.size - shared);
}

/** A "sentence" without punctuation can be a whole page; keep the summary readable. */
const MAX_SENTENCE_CHARS = 500;

/** One paragraph per page, sentences in the order they were written. */
function formatInOriginalOrder(chosen: ScoredCandidate[]): string {
  const byPage = new Map<number, ScoredCandidate[]>();
  for (const candidate of [...chosen].sort((a, b) => a.page - b.page || a.position - b.position)) {
    byPage.set(candidate.page, [...(byPage.get(candidate.page) ?? []), candidate]);
  }
  return [...byPage.values()]
    .map((sentences) => sentences.map((sentence) => clip(sentence.text, MAX_SENTENCE_CHARS)).join(' '))
    .join('\n\n');
}

const STOPWORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by
  can could did do does doing down during each few for from further had has have having he her here hers herself him
  himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
  our ours ourselves out over own same she should so some such than that the their theirs them themselves then there
  these they this those through to too under until up very was we were what when where which while who whom why will
  with would you your yours yourself yourselves also may might must shall us its it's i'm don't can't won't`.split(/\s+/),
);
