import SwaggerParser from '@apidevtools/swagger-parser';
import type { JsonSchema } from './body-mutations';

export interface Param { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required: boolean; schema: JsonSchema }

export interface Operation {
  /** `POST /v1/scrapes/{id}/cancel` */
  key: string;
  method: string;
  /** The OpenAPI path template. */
  path: string;
  pathParams: Param[];
  queryParams: Param[];
  headerParams: Param[];
  body?: { required: boolean; mediaTypes: string[]; schema?: JsonSchema };
  /** Anything but GET/HEAD may write: every fuzzed request to it must be refused. */
  mutating: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface ApiDescription {
  operations: Operation[];
  /** Dereferenced `components.schemas`: the same objects the operations' schemas point to. */
  schemas: Record<string, JsonSchema>;
  /** Every path template with the methods it has. */
  paths: Map<string, Set<string>>;
}

/** The operations of an OpenAPI 3.x document, with every $ref resolved. */
export async function describeApi(document: unknown): Promise<ApiDescription> {
  const doc = await SwaggerParser.dereference(structuredClone(document) as never) as any;
  const operations: Operation[] = [];
  const paths = new Map<string, Set<string>>();
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    paths.set(path, new Set());
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      paths.get(path)!.add(method.toUpperCase());
      const params: Param[] = [...(item.parameters ?? []), ...(op.parameters ?? [])]
        .map((p: any) => ({ name: p.name, in: p.in, required: Boolean(p.required), schema: p.schema ?? {} }));
      const content = op.requestBody?.content ?? {};
      const mediaTypes = Object.keys(content);
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        headerParams: params.filter((p) => p.in === 'header'),
        body: op.requestBody ? { required: Boolean(op.requestBody.required), mediaTypes, schema: content['application/json']?.schema } : undefined,
        mutating: method !== 'get' && method !== 'head',
      });
    }
  }
  return { operations, schemas: doc.components?.schemas ?? {}, paths };
}
