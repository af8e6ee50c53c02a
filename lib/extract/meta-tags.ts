import type { DocumentIndex } from './document-index';
import { collapseWhitespace } from './text';

const OPEN_GRAPH_PREFIXES = ['og:', 'article:', 'product:', 'book:', 'profile:', 'music:', 'video:', 'fb:'];

export interface MetaTags {
  /** First non-empty content of <meta name|property|http-equiv=key>, key case-insensitive. */
  get(key: string): string | null;
  /** First href of <link rel=…>, rel case-insensitive. */
  link(rel: string): string | null;
  /** Open Graph properties (og:*, article:*, product:* …) under their full names; the first value wins. */
  openGraph: Record<string, string>;
}

export function readMetaTags({ metas, linkTags }: Pick<DocumentIndex, 'metas' | 'linkTags'>): MetaTags {
  const values = new Map<string, string>();
  const openGraph: Record<string, string> = {};
  for (const el of metas) {
    const content = collapseWhitespace(el.attribs.content ?? '');
    if (!content) continue;
    for (const attribute of ['name', 'property', 'http-equiv']) {
      // Some sites put several names in one attribute: name="twitter:title" property="og:title".
      for (const key of (el.attribs[attribute] ?? '').toLowerCase().split(/\s+/)) {
        if (!key || values.has(key)) continue;
        values.set(key, content);
        if (OPEN_GRAPH_PREFIXES.some((prefix) => key.startsWith(prefix))) openGraph[key] = content;
      }
    }
  }

  const links = new Map<string, string>();
  for (const el of linkTags) {
    for (const rel of el.attribs.rel.toLowerCase().split(/\s+/)) {
      if (rel && !links.has(rel)) links.set(rel, el.attribs.href);
    }
  }

  return {
    get: (key) => values.get(key.toLowerCase()) ?? null,
    link: (rel) => links.get(rel.toLowerCase()) ?? null,
    openGraph,
  };
}
