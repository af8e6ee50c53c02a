-- Extraction text is written once per page and read rarely; lz4 compresses it several times faster than the default
-- pglz. PostgreSQL built without lz4 (PGlite among them) answers feature_not_supported and keeps pglz.
DO $$
BEGIN
  ALTER TABLE "extractions"
    ALTER COLUMN "markdown" SET COMPRESSION lz4,
    ALTER COLUMN "article_body" SET COMPRESSION lz4,
    ALTER COLUMN "json_ld" SET COMPRESSION lz4,
    ALTER COLUMN "links" SET COMPRESSION lz4,
    ALTER COLUMN "metadata" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available here; extractions keep the default compression';
END $$;
