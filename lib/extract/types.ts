export type FieldType = 'text' | 'number' | 'price' | 'url' | 'list';

export interface FieldRule {
  selector: string;
  /** Defaults to 'text'. */
  type?: FieldType;
  /** Read this attribute instead of the element's text. */
  attribute?: string;
}

export type ExtractionRules = Record<string, FieldRule>;

export type FieldValue = string | number | string[] | null;

export type MetadataSource = 'json-ld' | 'opengraph' | 'twitter' | 'meta' | 'microdata' | 'heuristic';

export type MetadataField =
  | 'title'
  | 'byline'
  | 'publishedTime'
  | 'modifiedTime'
  | 'lang'
  | 'siteName'
  | 'description'
  | 'canonicalUrl'
  | 'image';

export type MetadataSources = Partial<Record<MetadataField, MetadataSource>>;

// Structured records are type aliases rather than interfaces so that they stay assignable to
// Record<string, unknown> (stored as JSON by the parse activity).
export type ProductData = {
  name: string | null;
  price: number | null;
  currency: string | null;
  /** schema.org availability without the URL prefix, e.g. "InStock". */
  availability: string | null;
  sku: string | null;
};

export type EventData = {
  name: string | null;
  startDate: string | null;
  endDate: string | null;
  location: string | null;
};

export type ArticleData = {
  headline: string | null;
  author: string | null;
  datePublished: string | null;
};

export type RecipeData = {
  name: string | null;
  ingredients: string[];
  /** ISO 8601 duration as published, e.g. "PT1H". */
  totalTime: string | null;
};

export type StructuredData = {
  products: ProductData[];
  events: EventData[];
  articles: ArticleData[];
  recipes: RecipeData[];
};

export interface PageExtraction {
  title: string | null;
  byline: string | null;
  /** ISO 8601 */
  publishedTime: string | null;
  modifiedTime: string | null;
  lang: string | null;
  siteName: string | null;
  description: string | null;
  /** absolute */
  canonicalUrl: string | null;
  /** absolute */
  image: string | null;
  sources: MetadataSources;
  openGraph: Record<string, string>;
  /** Every parsed JSON-LD object, @graph flattened; malformed blocks are skipped. */
  jsonLd: unknown[];
  /** Main text, paragraphs separated by blank lines. */
  articleBody: string;
  /** Markdown of the main content. */
  markdown: string;
  /** Every <a href> on the page: absolute, http(s) only, no fragment, de-duplicated, in document order. */
  links: string[];
  structured: StructuredData;
  fields: Record<string, FieldValue>;
}
