import { toIsoDate } from './dates';
import { parsePrice } from './price';
import {
  ARTICLE_TYPES,
  asArray,
  createResolver,
  hasSchemaType,
  isEventType,
  isProductType,
  isSchemaNode,
  personNames,
  textValue,
  textValues,
  withoutVocabulary,
  type SchemaNode,
} from './schema';
import type { ArticleData, EventData, ProductData, RecipeData, StructuredData } from './types';

type Resolve = (value: unknown) => unknown;

/** Every typed object in the data, including nested ones (an ItemList of products, a WebPage's mainEntity). */
function allNodes(roots: SchemaNode[], resolve: Resolve): SchemaNode[] {
  const seen = new Set<SchemaNode>();
  const found: SchemaNode[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 12) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const node = resolve(value);
    if (!isSchemaNode(node) || seen.has(node)) return;
    seen.add(node);
    if (node['@type'] !== undefined) found.push(node);
    for (const [key, child] of Object.entries(node)) if (!key.startsWith('@')) visit(child, depth + 1);
  };
  visit(roots, 0);
  return found;
}

function readProduct(node: SchemaNode, resolve: Resolve): ProductData {
  const offers = asArray(node.offers).map(resolve).filter(isSchemaNode);
  const offer = offers[0];
  const specification = offer ? asArray(offer.priceSpecification).map(resolve).find(isSchemaNode) : undefined;
  const priceText = offer ? textValue(offer.price ?? offer.lowPrice ?? specification?.price) : null;
  const availability = offer ? textValue(offer.availability) : null;
  return {
    name: textValue(node.name),
    price: parsePrice(priceText),
    currency: offer ? textValue(offer.priceCurrency ?? specification?.priceCurrency) : null,
    availability: availability ? withoutVocabulary(availability) : null,
    sku: textValue(node.sku ?? node.mpn ?? node.gtin13 ?? node.gtin),
  };
}

function readPlace(value: unknown, resolve: Resolve): string | null {
  for (const item of asArray(value).map(resolve)) {
    if (typeof item === 'string' && item.trim()) return item.trim();
    if (!isSchemaNode(item)) continue;
    const address = resolve(item.address);
    const addressParts = isSchemaNode(address)
      ? [address.streetAddress, address.addressLocality, address.postalCode, address.addressCountry].map(textValue)
      : [textValue(address)];
    const parts = [textValue(item.name), ...addressParts, textValue(item.url)].filter((part): part is string => !!part);
    if (parts.length > 0) return [...new Set(parts)].join(', ');
  }
  return null;
}

function readEvent(node: SchemaNode, resolve: Resolve): EventData {
  return {
    name: textValue(node.name),
    startDate: toIsoDate(textValue(node.startDate)),
    endDate: toIsoDate(textValue(node.endDate)),
    location: readPlace(node.location, resolve),
  };
}

function readArticle(node: SchemaNode, resolve: Resolve): ArticleData {
  return {
    headline: textValue(node.headline ?? node.name),
    author: personNames(node.author ?? node.creator, resolve),
    datePublished: toIsoDate(textValue(node.datePublished ?? node.dateCreated)),
  };
}

function readRecipe(node: SchemaNode): RecipeData {
  return {
    name: textValue(node.name),
    ingredients: textValues(node.recipeIngredient ?? node.ingredients),
    totalTime: textValue(node.totalTime),
  };
}

function distinct<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Typed Product, Event, Article and Recipe records from JSON-LD and microdata together. */
export function extractStructuredData(nodes: SchemaNode[]): StructuredData {
  const resolve = createResolver(nodes);
  const typed = allNodes(nodes, resolve);
  const ofType = (matches: (type: string) => boolean) => typed.filter((node) => hasSchemaType(node, matches));
  return {
    products: distinct(ofType(isProductType).map((node) => readProduct(node, resolve))),
    events: distinct(ofType(isEventType).map((node) => readEvent(node, resolve))),
    articles: distinct(ofType((type) => ARTICLE_TYPES.has(type)).map((node) => readArticle(node, resolve))),
    recipes: distinct(ofType((type) => type === 'Recipe').map(readRecipe)),
  };
}
