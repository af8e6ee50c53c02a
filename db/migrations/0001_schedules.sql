CREATE TABLE "schedules" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"scrape" jsonb NOT NULL,
	"spec" jsonb NOT NULL,
	"notify_mode" text DEFAULT 'on_change' NOT NULL,
	"failure_threshold" integer DEFAULT 3 NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"alerting" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scrape_changes" (
	"scrape_id" text PRIMARY KEY NOT NULL,
	"previous_scrape_id" text,
	"changed" boolean NOT NULL,
	"changes" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "schedule_id" text;--> statement-breakpoint
ALTER TABLE "scrape_changes" ADD CONSTRAINT "scrape_changes_scrape_id_scrapes_id_fk" FOREIGN KEY ("scrape_id") REFERENCES "public"."scrapes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "schedules_tenant_id_idx" ON "schedules" USING btree ("tenant_id","id" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_schedule_id_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhooks_schedule_idx" ON "webhooks" USING btree ("schedule_id");