import { load as loadWithParse5, type CheerioAPI } from 'cheerio';
import { load as loadWithHtmlparser2 } from 'cheerio/slim';
import { renderPlainText } from './article-text';
import { buildBlocks } from './content-blocks';
import { indexDocument, type DocumentIndex } from './document-index';
import { applyRules } from './fields';
import { parseJsonLd } from './json-ld';
import { collectLinks } from './links';
import { selectMainContent } from './main-content';
import { renderMarkdown } from './markdown';
import { readMetaTags } from './meta-tags';
import { descriptionFromContent, extractMetadata, imageFromContent, type DocumentMetadata } from './metadata';
import { parseMicrodata } from './microdata';
import { refineBlocks } from './refine-blocks';
import { textValue, type SchemaNode } from './schema';
import { extractStructuredData } from './structured';
import type { ExtractionRules, PageExtraction } from './types';
import { documentBaseUrl } from './url';

export type * from './types';
export { parseNumber, parsePrice } from './price';

function emptyExtraction(): PageExtraction {
  return {
    title: null, byline: null, publishedTime: null, modifiedTime: null, lang: null, siteName: null,
    description: null, canonicalUrl: null, image: null, sources: {}, openGraph: {}, jsonLd: [],
    articleBody: '', markdown: '', links: [], structured: { products: [], events: [], articles: [], recipes: [] },
    fields: {},
  };
}

/** Runs one stage; a stage that fails on hostile input leaves its part of the result empty. */
function attempt<T>(stage: () => T, fallback: T): T {
  try {
    return stage();
  } catch {
    return fallback;
  }
}

/**
 * htmlparser2 parses a page about 4× faster than parse5, but it does not build the implied html/head/body a browser
 * builds, and the extractor looks for the body: a page that leaves out its <body> tag (HTML allows it) gets parse5.
 */
const HAS_BODY_TAG = /<body[\s>]/i;

function loadDocument(html: unknown): CheerioAPI {
  const source = typeof html === 'string' ? html : html == null ? '' : String(html);
  try {
    return HAS_BODY_TAG.test(source) ? loadWithHtmlparser2(source) : loadWithParse5(source);
  } catch {
    return loadWithParse5('');
  }
}

/** Every form of the title the content might repeat as its headline. */
function titleVariants(index: DocumentIndex, metadata: DocumentMetadata | null, jsonLd: SchemaNode[], openGraph: Record<string, string>): string[] {
  const variants = [metadata?.title, openGraph['og:title'], index.title, ...jsonLd.map((node) => textValue(node.headline))];
  return [...new Set(variants.filter((value): value is string => !!value))];
}

/**
 * Extracts metadata, structured data, links, the caller's fields and the main text of an HTML page.
 * Never throws: unusable input gives empty values.
 */
export function extractPage(html: string, pageUrl: string, rules?: ExtractionRules): PageExtraction {
  const result = emptyExtraction();
  const $ = loadDocument(html);
  const index = attempt(() => indexDocument($), null);
  if (!index) return result;
  const baseUrl = attempt(() => documentBaseUrl(index.baseHref, typeof pageUrl === 'string' ? pageUrl : ''), null);

  const jsonLd = attempt(() => parseJsonLd(index.jsonLdScripts), []);
  const microdata = attempt(() => parseMicrodata(index.itemScopes, baseUrl), []);
  const meta = attempt(() => readMetaTags(index), null);
  const metadata = meta ? attempt(() => extractMetadata({ $, index, meta, jsonLd, microdata, baseUrl }), null) : null;
  if (metadata) {
    const { sources, ...fields } = metadata;
    Object.assign(result, fields, { sources });
  }
  result.openGraph = meta?.openGraph ?? {};
  result.jsonLd = jsonLd;
  result.structured = attempt(() => extractStructuredData([...jsonLd, ...microdata]), result.structured);
  result.links = attempt(() => collectLinks(index.anchors, baseUrl), []);
  result.fields = attempt(() => applyRules($, rules, baseUrl), {});

  const content = attempt(() => {
    const selection = selectMainContent(index.body);
    return buildBlocks(selection.roots, selection.excluded, baseUrl);
  }, []);
  const titles = attempt(() => titleVariants(index, metadata, jsonLd, result.openGraph), []);
  const blocks = attempt(() => refineBlocks(content, { titles, byline: result.byline }), []);
  result.articleBody = attempt(() => renderPlainText(blocks), '');
  result.markdown = attempt(() => renderMarkdown(blocks), '');

  const fallbacks = { description: () => descriptionFromContent(blocks), image: () => imageFromContent(content) };
  for (const field of ['description', 'image'] as const) {
    if (result[field]) continue;
    result[field] = attempt(fallbacks[field], null);
    if (result[field]) result.sources[field] = 'heuristic';
  }
  return result;
}
