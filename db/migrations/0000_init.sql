CREATE TABLE "deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"webhook_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"ok" boolean NOT NULL,
	"status_code" integer,
	"duration_ms" integer NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"scrape_id" text,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "extractions" (
	"page_id" bigint PRIMARY KEY NOT NULL,
	"scrape_id" text NOT NULL,
	"title" text,
	"description" text,
	"canonical_url" text,
	"lang" text,
	"metadata" jsonb NOT NULL,
	"json_ld" jsonb NOT NULL,
	"structured" jsonb NOT NULL,
	"article_body" text NOT NULL,
	"markdown" text NOT NULL,
	"text_hash" text NOT NULL,
	"links" jsonb NOT NULL,
	"fields" jsonb NOT NULL,
	"validation_status" text DEFAULT 'pending' NOT NULL,
	"validation_errors" jsonb,
	"parsed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"validated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scrape_id" text NOT NULL,
	"url" text NOT NULL,
	"depth" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"batch" integer,
	"attempts" integer DEFAULT 0 NOT NULL,
	"final_url" text,
	"http_status" integer,
	"headers" jsonb,
	"content_type" text,
	"charset" text,
	"content_hash" text,
	"body" "bytea",
	"cache_status" text,
	"body_bytes" integer,
	"error" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"fetched_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"scrape_id" text PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"run_id" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"pages_discovered" integer DEFAULT 0 NOT NULL,
	"pages_fetched" integer DEFAULT 0 NOT NULL,
	"pages_failed" integer DEFAULT 0 NOT NULL,
	"pages_skipped" integer DEFAULT 0 NOT NULL,
	"cache_hits" integer DEFAULT 0 NOT NULL,
	"not_modified" integer DEFAULT 0 NOT NULL,
	"error" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "scrapes" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"url" text NOT NULL,
	"options" jsonb NOT NULL,
	"options_digest" text NOT NULL,
	"idempotency_key" text,
	"schedule_id" text,
	"workflow_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "summaries" (
	"scrape_id" text NOT NULL,
	"scope" text NOT NULL,
	"method" text NOT NULL,
	"model" text,
	"text" text NOT NULL,
	"pages" integer DEFAULT 0 NOT NULL,
	"truncated" boolean DEFAULT false NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "summaries_scrape_id_scope_pk" PRIMARY KEY("scrape_id","scope")
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"scrape_id" text,
	"url" text NOT NULL,
	"events" jsonb NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_scrape_id_scrapes_id_fk" FOREIGN KEY ("scrape_id") REFERENCES "public"."scrapes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extractions" ADD CONSTRAINT "extractions_page_id_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extractions" ADD CONSTRAINT "extractions_scrape_id_scrapes_id_fk" FOREIGN KEY ("scrape_id") REFERENCES "public"."scrapes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pages" ADD CONSTRAINT "pages_scrape_id_scrapes_id_fk" FOREIGN KEY ("scrape_id") REFERENCES "public"."scrapes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_scrape_id_scrapes_id_fk" FOREIGN KEY ("scrape_id") REFERENCES "public"."scrapes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "summaries" ADD CONSTRAINT "summaries_scrape_id_scrapes_id_fk" FOREIGN KEY ("scrape_id") REFERENCES "public"."scrapes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_scrape_id_scrapes_id_fk" FOREIGN KEY ("scrape_id") REFERENCES "public"."scrapes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_event_webhook_attempt_key" ON "deliveries" USING btree ("event_id","webhook_id","attempt");--> statement-breakpoint
CREATE INDEX "deliveries_webhook_created_idx" ON "deliveries" USING btree ("webhook_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_scrape_idx" ON "events" USING btree ("scrape_id");--> statement-breakpoint
CREATE INDEX "extractions_scrape_idx" ON "extractions" USING btree ("scrape_id","page_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pages_scrape_url_key" ON "pages" USING btree ("scrape_id","url");--> statement-breakpoint
CREATE INDEX "pages_scrape_batch_idx" ON "pages" USING btree ("scrape_id","batch");--> statement-breakpoint
CREATE INDEX "pages_scrape_status_idx" ON "pages" USING btree ("scrape_id","status","id");--> statement-breakpoint
CREATE INDEX "pages_url_fetched_idx" ON "pages" USING btree ("url","fetched_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "runs_status_idx" ON "runs" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "scrapes_workflow_id_key" ON "scrapes" USING btree ("workflow_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scrapes_idempotency_key" ON "scrapes" USING btree ("tenant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "scrapes_tenant_id_idx" ON "scrapes" USING btree ("tenant_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "scrapes_tenant_url_idx" ON "scrapes" USING btree ("tenant_id","url");--> statement-breakpoint
CREATE INDEX "scrapes_schedule_id_idx" ON "scrapes" USING btree ("schedule_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "webhooks_tenant_id_idx" ON "webhooks" USING btree ("tenant_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "webhooks_scrape_idx" ON "webhooks" USING btree ("scrape_id");