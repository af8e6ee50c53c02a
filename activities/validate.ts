import { Ajv2020, type ValidateFunction, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import isSafeRegex from 'safe-regex2';
import { and, eq, inArray } from 'drizzle-orm';
import { getScrapeOptions } from '../db/queries/scrapes';
import { extractions, pages } from '../db/schema';
import type { ActivityDeps } from './deps';
import { permanentFailure } from './failures';

export interface ValidateBatchInput { scrapeId: string; batch: number }
export interface ValidateBatchResult { valid: number; invalid: number }
export interface FieldProblem { field: string; message: string }

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * A user's `pattern` runs on the worker's one thread against every page, so one with catastrophic backtracking
 * (`(a+)+$`) could stall all activities: such patterns are refused when the schema is compiled.
 */
function safeRegExp(pattern: string, flags: string): RegExp {
  if (!isSafeRegex(pattern)) throw new Error(`the pattern ${JSON.stringify(pattern)} may take exponential time (nested quantifiers); simplify it`);
  return new RegExp(pattern, flags);
}
safeRegExp.code = 'new RegExp';

const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false, code: { regExp: safeRegExp } }));
const compiled = new Map<string, ValidateFunction>();

/** Compiles a user's JSON Schema, or says what is wrong with it. */
export function compileSchema(schema: Record<string, unknown>): { ok: true; validate: ValidateFunction } | { ok: false; message: string } {
  try {
    const key = JSON.stringify(schema);
    const cached = compiled.get(key);
    if (cached) return { ok: true, validate: cached };
    const validate = ajv.compile(schema);
    if (compiled.size > 200) compiled.clear();
    compiled.set(key, validate);
    return { ok: true, validate };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

function toProblems(errors: ErrorObject[] | null | undefined): FieldProblem[] {
  return (errors ?? []).map((error) => {
    const missing = error.keyword === 'required' ? `/${(error.params as { missingProperty: string }).missingProperty}` : '';
    const field = `${error.instancePath}${missing}`.replace(/^\//, '').replace(/\//g, '.') || '(root)';
    return { field, message: error.message ?? error.keyword };
  });
}

/** Applies the scrape's JSON Schema to each extraction of the batch; invalid data is kept and marked, never dropped. */
export function createValidateActivity({ db }: Pick<ActivityDeps, 'db'>) {
  return {
    async validateBatch({ scrapeId, batch }: ValidateBatchInput): Promise<ValidateBatchResult> {
      const scrape = await getScrapeOptions(db, scrapeId);
      if (!scrape) throw permanentFailure('ScrapeNotFound', `no scrape ${scrapeId}`);
      const { schema } = scrape.options;
      // The parse step already wrote these rows as skipped.
      if (!schema) return { valid: 0, invalid: 0 };
      const result = compileSchema(schema);
      if (!result.ok) throw permanentFailure('InvalidInput', `the scrape's JSON Schema does not compile: ${result.message}`);
      const batchPages = db.select({ id: pages.id }).from(pages).where(and(eq(pages.scrapeId, scrapeId), eq(pages.batch, batch)));
      const rows = await db.select({ pageId: extractions.pageId, fields: extractions.fields }).from(extractions)
        .where(inArray(extractions.pageId, batchPages));
      const validatedAt = new Date();
      const valid: number[] = [];
      let invalid = 0;
      for (const row of rows) {
        if (result.validate(row.fields)) {
          valid.push(row.pageId);
          continue;
        }
        invalid++;
        await db.update(extractions)
          .set({ validationStatus: 'invalid', validationErrors: toProblems(result.validate.errors), validatedAt })
          .where(eq(extractions.pageId, row.pageId));
      }
      if (valid.length) {
        await db.update(extractions).set({ validationStatus: 'valid', validationErrors: null, validatedAt }).where(inArray(extractions.pageId, valid));
      }
      return { valid: rows.length - invalid, invalid };
    },
  };
}
