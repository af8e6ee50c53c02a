/**
 * Reader discussion — comment threads, product reviews and questions, their sign-up and compose boxes — recognised
 * without class names, so a widget called "tb-stream" or "jdgm-rev-widg" is found as surely as one called "comments".
 * Readers' contributions are never the page's content, however long the thread.
 */
import type { Element } from './dom';
import { headingMatches, opensWithHeading } from './section-heading';

// "Comments", "31 comments", "Comments (31)", "7 thoughts on “Title”", "3 Responses to “Title”", "Customer reviews",
// "Questions about this product", "From the guestbook", in the languages the class-name lists cover plus Italian, Dutch
// and Portuguese.
// Not "Discussion" alone (papers have a section of that name) and not "Answers" (on a Q&A page the answers are the
// content).
const DISCUSSION_HEADING = new RegExp(
  `^(?:\\d+\\s+)?(?:${[
    'comments?', 'responses?', 'replies', 'reader comments', 'readers? (?:comments|reactions)', 'conversation',
    'join the (?:discussion|conversation)', 'discussion (?:about|on|of) this (?:post|article|story|page|entry)',
    '(?:(?:from|sign|read) )?(?:the |my |our )?guest ?book(?: entries)?', '(?:leave|post|add|write) a (?:reply|response|comment|review)',
    '(?:one|\\d+) (?:thoughts?|responses?|repl(?:y|ies)|comments?) (?:on|to)\\b.*', 'what (?:do )?you think\\??',
    '(?:customer |user |guest |product |member )?reviews?',
    '(?:ratings?|reviews?) (?:&|and) (?:reviews?|ratings?)', '(?:customer|product) (?:questions(?: (?:&|and) answers)?|q ?& ?a)',
    '(?:customer )?questions(?: (?:&|and) answers)? (?:about|on|for) this (?:product|item)',
    'kommentare', 'leserkommentare', 'kommentar schreiben', '(?:kunden)?bewertungen', '(?:kunden)?rezensionen',
    'commentaires', 'réactions', 'laisser un commentaire', '(?:les )?avis(?: clients?)?', 'donnez votre avis',
    'comentarios', 'deja un comentario', 'opiniones(?: de (?:clientes|usuarios))?', 'reseñas', 'valoraciones',
    'commenti', 'lascia un commento', 'recensioni', 'reacties', 'recensies', 'beoordelingen', 'comentários',
    'avaliações', 'gästebuch', "livre d['’]or", 'libro de visitas', 'libro degli ospiti', 'gastenboek', 'livro de visitas',
  ].join('|')})(?:\\s*\\(?\\d+\\)?)?[:.!]?$`,
  'i',
);

// schema.org: a Review or Comment attached to the page's item (Product.review, Article.comment). A Comment of
// a forum posting is a reply in the thread, which is the content there.
const DISCUSSION_PROPERTY = /(?:^|\s)(?:reviews?|comments?)(?:\s|$)/i;
const FORUM_ITEM = /DiscussionForumPosting|SocialMediaPosting/i;

function owningItemType(el: Element): string {
  for (let node = el.parent; node; node = node.parent) {
    if ('attribs' in node && node.attribs.itemscope !== undefined) return node.attribs.itemtype ?? '';
  }
  return '';
}

function isDiscussionItem(el: Element): boolean {
  const property = el.attribs.itemprop;
  if (!property || !DISCUSSION_PROPERTY.test(property)) return false;
  return !/comment/i.test(property) || !FORUM_ITEM.test(owningItemType(el));
}

/** A comment thread or review section: opened by a heading such as "Comments", or a schema.org review/comment. */
export function isDiscussion(el: Element): boolean {
  return isDiscussionItem(el) || opensWithHeading(el, DISCUSSION_HEADING);
}

/** A heading such as "Comments" or "From the guestbook" that opens reader discussion. */
export function isDiscussionHeading(heading: Element): boolean {
  return headingMatches(heading, DISCUSSION_HEADING);
}
