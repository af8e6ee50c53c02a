/**
 * Counters a page prints beside its content: "3 Likes" under a forum post, "1,204 views", the hit counter of an old
 * home page ("You are visitor number 48213 since March 2001"), a metered paywall's count of free articles, and a
 * listing's page count ("Page 1 of 3", often run together with the "Older posts" link after it).
 */
const POST_COUNTER = /^\d[\d,.]*\s*[kKmM]?\s+(?:likes?|views?|repl(?:y|ies)|reactions?|shares?|votes?|points?|retweets?|reposts?|restacks?)$/i;
const HIT_COUNTER = /^(?:you are (?:the )?visitor(?: (?:number|no\.?|#))?|(?:\d[\d,.]*\s+)?(?:visitors|hits|besucher) since|sie sind (?:der )?besucher|vous êtes le (?:\d+\S*\s+)?visiteur|eres el visitante)\b/i;
const ARTICLE_METER = new RegExp(
  `^(?:${[
    "you(?:['’]ve| have) (?:read|used|viewed) (?:\\d+|all) (?:of|out of) (?:your )?(?:\\d+ )?(?:free )?(?:articles?|stories|features)",
    '(?:you have )?(?:\\d+|one|two|three) free (?:articles?|stories|features) (?:left|remaining)',
    'this is your last free (?:article|story|feature)',
  ].join('|')})\\b`,
  'i',
);

const PAGE_COUNTER = /^(?:page|seite|página|pagina) \d+ (?:of|von|sur|de|di|van|\/) \d+(?!\d)/i;

/** Whether a short paragraph is a counter; a hit counter may share its paragraph with the rest of a footer. */
export function isCounterLine(text: string): boolean {
  return POST_COUNTER.test(text) || HIT_COUNTER.test(text) || ARTICLE_METER.test(text) || PAGE_COUNTER.test(text);
}
