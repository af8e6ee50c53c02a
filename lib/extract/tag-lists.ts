import { containsElement, isElement, type Element } from './dom';
import { readableText } from './text';

/** Taxonomy pages of blog and news engines: WordPress, Ghost, Hugo, Jekyll "/tag(s)/", "/topic(s)/", "/category/", Blogger "/search/label/". */
const TAXONOMY_PATH = /\/(?:tags?|topics?|category|categories|label|labels|schlagworte?|etiquetas?|argomenti|trefwoorden)\/[^/?#]/i;
/** Items of a list looked at: a tag list is short. */
const MAX_TAG_ITEMS = 40;

/** Longest label of a tag list ("Tags", "Filed under:") standing in an item of its own. */
const MAX_TAG_LABEL = 20;

/** An item that is one link to a taxonomy page and nothing else, or a short label without a link; null otherwise. */
function tagItemKind(item: Element): 'tag' | 'label' | null {
  if (item.name !== 'li') return null;
  const elements = item.children.filter(isElement);
  const hasText = item.children.some((child) => child.type === 'text' && child.data.trim() !== '');
  if (elements.length === 1 && elements[0].name === 'a' && !hasText) return TAXONOMY_PATH.test(elements[0].attribs.href ?? '') ? 'tag' : null;
  if (containsElement(item, (node) => node.name === 'a')) return null;
  return readableText(item).length <= MAX_TAG_LABEL ? 'label' : null;
}

/** A list of tags: every item a lone link to a tag, topic or category page, but for one label ("Tags:"). */
export function isTagList(el: Element): boolean {
  if (el.name !== 'ul' && el.name !== 'ol') return false;
  let tags = 0;
  let labels = 0;
  for (const child of el.children) {
    if (!isElement(child)) continue;
    const kind = tagItemKind(child);
    if (kind === 'tag') tags++;
    else if (kind === 'label') labels++;
    if (kind === null || labels > 1 || tags + labels > MAX_TAG_ITEMS) return false;
  }
  return tags > 0;
}
