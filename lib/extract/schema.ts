/**
 * Reading schema.org data. JSON-LD objects and microdata items (converted to the same shape by
 * microdata.ts) are both SchemaNodes, so every consumer reads them the same way.
 */
export type SchemaNode = Record<string, unknown>;

export function isSchemaNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A schema.org term without its vocabulary prefix: "https://schema.org/InStock" → "InStock". */
export function withoutVocabulary(term: string): string {
  return term.replace(/^.*[/#:]/, '');
}

export function schemaTypes(node: SchemaNode): string[] {
  return asArray(node['@type'])
    .filter((type): type is string => typeof type === 'string')
    .map(withoutVocabulary);
}

export function hasSchemaType(node: SchemaNode, matches: (type: string) => boolean): boolean {
  return schemaTypes(node).some(matches);
}

export const ARTICLE_TYPES = new Set([
  'Article', 'NewsArticle', 'BlogPosting', 'TechArticle', 'ScholarlyArticle', 'Report', 'OpinionNewsArticle',
  'AnalysisNewsArticle', 'ReportageNewsArticle', 'BackgroundNewsArticle', 'ReviewNewsArticle', 'LiveBlogPosting',
  'SocialMediaPosting', 'DiscussionForumPosting', 'AdvertiserContentArticle', 'SatiricalArticle', 'MedicalScholarlyArticle',
]);

const isArticleType = (type: string) => ARTICLE_TYPES.has(type);
export const isEventType = (type: string) => type === 'Event' || /.Event$/.test(type);
export const isProductType = (type: string) =>
  ['Product', 'IndividualProduct', 'ProductModel', 'ProductGroup', 'SomeProducts'].includes(type);

/** Types that describe the site or its furniture rather than the page's subject. */
const AMBIENT_TYPES = new Set([
  'WebSite', 'Organization', 'NewsMediaOrganization', 'Corporation', 'LocalBusiness', 'Person', 'BreadcrumbList',
  'ImageObject', 'SiteNavigationElement', 'WPHeader', 'WPFooter', 'WPSideBar', 'SearchAction', 'ListItem', 'Brand',
  'Offer', 'AggregateRating', 'Rating', 'PostalAddress', 'Place', 'ContactPoint', 'EntryPoint',
]);

/** String form of a schema value: plain strings, numbers, {"@value"}, or a named thing's name. */
export function textValue(value: unknown): string | null {
  for (const item of asArray(value)) {
    if (typeof item === 'string' && item.trim()) return item.trim();
    if (typeof item === 'number' && Number.isFinite(item)) return String(item);
    if (isSchemaNode(item)) {
      const inner = textValue(item['@value'] ?? item.name ?? item.text);
      if (inner) return inner;
    }
  }
  return null;
}

export function textValues(value: unknown): string[] {
  return asArray(value)
    .map((item) => textValue(item))
    .filter((item): item is string => item !== null);
}

/** A URL-valued property: a string, or an object carrying url / contentUrl / @id. */
export function urlValue(value: unknown): string | null {
  for (const item of asArray(value)) {
    if (typeof item === 'string' && item.trim()) return item.trim();
    if (isSchemaNode(item)) {
      const inner = urlValue(item.url ?? item.contentUrl ?? item['@id']);
      if (inner) return inner;
    }
  }
  return null;
}

/** Resolves {"@id": …} references against the other nodes on the page. */
export function createResolver(nodes: SchemaNode[]): (value: unknown) => unknown {
  const byId = new Map<string, SchemaNode>();
  for (const node of nodes) {
    const id = node['@id'];
    if (typeof id === 'string' && Object.keys(node).length > 1 && !byId.has(id)) byId.set(id, node);
  }
  return (value) => {
    if (!isSchemaNode(value)) return value;
    const id = value['@id'];
    const isReference = typeof id === 'string' && Object.keys(value).every((key) => key === '@id' || key === '@type');
    return isReference ? (byId.get(id as string) ?? value) : value;
  };
}

/** Names of the people or organisations in an author-like property, joined with commas. */
export function personNames(value: unknown, resolve: (value: unknown) => unknown): string | null {
  const names = asArray(value)
    .map((item) => textValue(resolve(item)))
    .filter((name): name is string => name !== null && !/^https?:\/\//.test(name));
  return names.length > 0 ? [...new Set(names)].join(', ') : null;
}

/** The node the page is about: an article first, then any other non-ambient thing, then a WebPage. */
export function findMainEntity(nodes: SchemaNode[]): SchemaNode | null {
  return (
    nodes.find((node) => hasSchemaType(node, isArticleType)) ??
    nodes.find((node) => {
      const types = schemaTypes(node);
      return types.length > 0 && !types.some((type) => AMBIENT_TYPES.has(type) || /Page$/.test(type));
    }) ??
    nodes.find((node) => hasSchemaType(node, (type) => /Page$/.test(type))) ??
    null
  );
}
