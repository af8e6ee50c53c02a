import type { CheerioAPI } from 'cheerio';
import { blockText, flattenInlines, type Block } from './content-blocks';
import { toIsoDate } from './dates';
import type { DocumentIndex } from './document-index';
import type { MetaTags } from './meta-tags';
import { createResolver, findMainEntity, hasSchemaType, isSchemaNode, personNames, textValue, urlValue, type SchemaNode } from './schema';
import { BYLINE_START, collapseWhitespace, readableText, truncateAtWord } from './text';
import type { MetadataField, MetadataSource, MetadataSources } from './types';
import { resolveHttpUrl } from './url';

export type DocumentMetadata = Record<MetadataField, string | null> & { sources: MetadataSources };

export interface MetadataInput {
  /** Only for the last-resort selectors of the page-reading fallbacks. */
  $: CheerioAPI;
  index: DocumentIndex;
  meta: MetaTags;
  jsonLd: SchemaNode[];
  microdata: SchemaNode[];
  baseUrl: string | null;
}

type Candidate = readonly [MetadataSource, () => string | null | undefined];

/** Reads one kind of schema.org data (JSON-LD or microdata) about the page's main entity. */
function schemaReader(nodes: SchemaNode[]) {
  const resolve = createResolver(nodes);
  const main = findMainEntity(nodes);
  const website = nodes.find((node) => hasSchemaType(node, (type) => type === 'WebSite'));
  const property = (name: string) => (main ? resolve(main[name]) : undefined);
  /** The first of the named properties that has a value, read with `read`. */
  const first = (read: (value: unknown) => string | null) => (...names: string[]) => {
    for (const name of names) {
      const value = read(property(name));
      if (value) return value;
    }
    return null;
  };
  return {
    text: first(textValue),
    url: first(urlValue),
    people: (name: string) => (main ? personNames(main[name], resolve) : null),
    siteName: () => {
      const publisher = property('publisher');
      return (isSchemaNode(publisher) ? textValue(publisher.name) : null) ?? (website ? textValue(website.name) : null);
    },
  };
}

const SEPARATOR = /\s+[|\-–—·•»:]{1,2}\s+/g;

/** <title> without the site name it carries ("Story | Site" → "Story"), or the headline it starts with. */
function cleanDocumentTitle(title: string, siteName: string | null, headings: string[]): string {
  const separators = [...title.matchAll(SEPARATOR)];
  if (separators.length === 0) return title;
  const first = separators[0];
  const last = separators[separators.length - 1];
  const site = siteName?.toLowerCase();
  if (site && title.slice(last.index + last[0].length).toLowerCase() === site) return title.slice(0, last.index);
  if (site && title.slice(0, first.index).toLowerCase() === site) return title.slice(first.index + first[0].length);
  const prefixes = new Set(separators.map((separator) => title.slice(0, separator.index)));
  return headings.find((heading) => prefixes.has(heading)) ?? title;
}

function cleanByline(value: string | null | undefined): string | null {
  if (!value) return null;
  const cleaned = collapseWhitespace(value).replace(BYLINE_START, '').trim();
  return cleaned && cleaned.length <= 120 && !/^https?:\/\//.test(cleaned) ? cleaned : null;
}

function normalizeLanguage(value: string | null | undefined): string | null {
  const tag = value?.trim().replace(/_/g, '-');
  return tag && /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i.test(tag) ? tag : null;
}

function firstText($: CheerioAPI, selector: string, maxLength: number): string | null {
  for (const el of $(selector).toArray()) {
    const text = readableText(el);
    if (text && text.length <= maxLength) return text;
  }
  return null;
}

function firstAttribute($: CheerioAPI, selector: string, attribute: string): string | null {
  return $(selector).first().attr(attribute)?.trim() || null;
}

/**
 * Page metadata, each field taken from the most trustworthy source that has it:
 * JSON-LD, then microdata, Open Graph, Twitter cards, other meta tags, and finally the visible page
 * (and, from the main content, descriptionFromContent and imageFromContent).
 */
export function extractMetadata({ $, index, meta, jsonLd, microdata, baseUrl }: MetadataInput): DocumentMetadata {
  const ld = schemaReader(jsonLd);
  const md = schemaReader(microdata);
  const sources: MetadataSources = {};

  const pick = (field: MetadataField, normalize: (value: string) => string | null, candidates: Candidate[]) => {
    for (const [source, read] of candidates) {
      const raw = read();
      const value = raw ? normalize(collapseWhitespace(raw)) : null;
      if (value) {
        sources[field] = source;
        return value;
      }
    }
    return null;
  };
  const asText = (value: string) => value || null;
  const asUrl = (value: string) => resolveHttpUrl(value, baseUrl);
  const ogMeta = (...keys: string[]) => () => keys.map((key) => meta.get(key)).find(Boolean);

  const siteName = pick('siteName', asText, [
    ['json-ld', ld.siteName],
    ['microdata', md.siteName],
    ['opengraph', ogMeta('og:site_name')],
    ['meta', ogMeta('application-name', 'apple-mobile-web-app-title')],
  ]);

  let h1Texts: string[] | undefined;
  const headings = () => (h1Texts ??= index.h1s.map((el) => readableText(el)));
  const asTitle = (value: string) => cleanDocumentTitle(value, siteName, headings());
  const title = pick('title', asTitle, [
    ['json-ld', () => ld.text('headline', 'name')],
    ['microdata', () => md.text('headline', 'name')],
    ['opengraph', ogMeta('og:title')],
    ['twitter', ogMeta('twitter:title')],
    ['meta', () => index.title || meta.get('title') || meta.get('dc.title')],
    ['heuristic', () => headings().find(Boolean)],
  ]);

  const byline = pick('byline', cleanByline, [
    ['json-ld', () => ld.people('author') ?? ld.people('creator')],
    ['microdata', () => md.people('author')],
    ['opengraph', ogMeta('article:author')],
    ['meta', ogMeta('author', 'byl', 'dc.creator', 'parsely-author', 'sailthru.author', 'article.author')],
    ['heuristic', () => firstText($, '[rel~="author"], .byline, [class*="byline"], .author, [class*="author-name"]', 120)],
  ]);

  const publishedTime = pick('publishedTime', toIsoDate, [
    ['json-ld', () => ld.text('datePublished', 'dateCreated', 'uploadDate')],
    ['microdata', () => md.text('datePublished', 'dateCreated')],
    ['opengraph', ogMeta('article:published_time', 'og:published_time', 'og:pubdate')],
    ['meta', ogMeta('date', 'pubdate', 'publish-date', 'publish_date', 'dc.date.issued', 'dc.date', 'dcterms.created', 'dcterms.date', 'parsely-pub-date', 'sailthru.date', 'article.published', 'datepublished')],
    ['heuristic', () => firstAttribute($, 'article time[datetime], main time[datetime], time[pubdate][datetime], time[datetime]', 'datetime')],
  ]);

  const modifiedTime = pick('modifiedTime', toIsoDate, [
    ['json-ld', () => ld.text('dateModified')],
    ['microdata', () => md.text('dateModified')],
    ['opengraph', ogMeta('article:modified_time', 'og:updated_time', 'og:modified_time')],
    ['meta', ogMeta('last-modified', 'dc.date.modified', 'dcterms.modified', 'article.updated', 'datemodified')],
  ]);

  const lang = pick('lang', normalizeLanguage, [
    ['json-ld', () => ld.text('inLanguage')],
    ['microdata', () => md.text('inLanguage')],
    ['opengraph', ogMeta('og:locale')],
    ['meta', () => index.html?.attribs.lang ?? meta.get('content-language') ?? meta.get('dc.language') ?? meta.get('language')],
  ]);

  const description = pick('description', asText, [
    ['json-ld', () => ld.text('description')],
    ['microdata', () => md.text('description')],
    ['opengraph', ogMeta('og:description')],
    ['twitter', ogMeta('twitter:description')],
    ['meta', ogMeta('description', 'dc.description')],
  ]);

  const canonicalUrl = pick('canonicalUrl', asUrl, [
    ['json-ld', () => ld.url('url', 'mainEntityOfPage')],
    ['microdata', () => md.url('url', 'mainEntityOfPage')],
    ['opengraph', ogMeta('og:url')],
    ['meta', () => meta.link('canonical')],
  ]);

  const image = pick('image', asUrl, [
    ['json-ld', () => ld.url('image', 'thumbnailUrl')],
    ['microdata', () => md.url('image', 'thumbnailUrl')],
    ['opengraph', ogMeta('og:image', 'og:image:url', 'og:image:secure_url')],
    ['twitter', ogMeta('twitter:image', 'twitter:image:src')],
    ['meta', () => meta.link('image_src') ?? meta.get('thumbnail')],
  ]);

  return { title, byline, publishedTime, modifiedTime, lang, siteName, description, canonicalUrl, image, sources };
}

const DESCRIPTION_MAX_LENGTH = 300;

/** Last-resort description: the first real paragraph of the main content. */
export function descriptionFromContent(blocks: Block[]): string | null {
  const paragraph = blocks.find((block) => block.kind === 'paragraph' && blockText(block).length >= 80);
  return paragraph ? truncateAtWord(blockText(paragraph).replace(/\n/g, ' '), DESCRIPTION_MAX_LENGTH) : null;
}

/** Last-resort image: the first image of the main content, before clean-up removed any of it. */
export function imageFromContent(blocks: Block[]): string | null {
  for (const inline of flattenInlines(blocks)) {
    if ('image' in inline && inline.image.src?.startsWith('http')) return inline.image.src;
  }
  return null;
}
