/**
 * Posts embedded from social networks with the networks' own embed code: `<blockquote class="twitter-tweet"><p>The
 * post.</p>— Name (@handle) <a>date</a></blockquote>` (X/Twitter; Bluesky and Mastodon copy the form). The reporter
 * chose the post as part of the story, so its text is content, however the site names the wrapper ("social-embed");
 * the attribution line after the post's paragraphs is the embed's chrome.
 */
import { isElement, type Element } from './dom';

const EMBEDDED_POST_CLASS = /(?:^|\s)(?:twitter-tweet|bluesky-embed|mastodon-embed)(?:\s|$)/;
/** Wrappers looked through for the post: a site's embed component wraps it in a box or two. */
const MAX_WRAPPERS = 3;

export function isEmbeddedPost(el: Element): boolean {
  return el.name === 'blockquote' && EMBEDDED_POST_CLASS.test(el.attribs.class ?? '');
}

/** The only element in a wrapper, scripts (the network's widget loader) aside. */
function onlyChild(el: Element): Element | null {
  let only: Element | null = null;
  for (const child of el.children) {
    if (!isElement(child) || child.name === 'script') continue;
    if (only) return null;
    only = child;
  }
  return only;
}

/** Whether the element is an embedded post or a wrapper holding nothing else. */
export function holdsEmbeddedPost(el: Element): boolean {
  let node: Element | null = el;
  for (let depth = 0; node && depth <= MAX_WRAPPERS; depth++, node = onlyChild(node)) if (isEmbeddedPost(node)) return true;
  return false;
}

const VIDEO_NAME = /(?:^|[\s_-])video(?:$|[\s_-])/i;
const PLAYER_NAME = /player/i;
/** Text of a video's card at most: its title, a sentence or two of description and the running time. */
const VIDEO_CARD_MAX_TEXT = 400;
/** Elements searched for the player and the title. */
const MAX_NODES = 200;

/**
 * A video embedded in a story with the player's own title and description (CNN's "video-resource", and the like on
 * other news sites): a container named for a video that holds a player and a heading. Its text presents the video,
 * like a player's controls; the story does not read through it.
 */
export function isVideoCard(el: Element, textLength: (el: Element) => number): boolean {
  if (!VIDEO_NAME.test(el.attribs.class ?? '')) return false;
  let player = false;
  let heading = false;
  const stack = [...el.children];
  for (let visited = 0; stack.length > 0 && visited < MAX_NODES && !(player && heading); visited++) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    if (node.name === 'video' || node.name === 'iframe' || PLAYER_NAME.test(node.attribs.class ?? '')) player = true;
    if (/^h[2-6]$/.test(node.name)) heading = true;
    for (const child of node.children) stack.push(child);
  }
  return player && heading && textLength(el) <= VIDEO_CARD_MAX_TEXT;
}
