ALTER TABLE "ingest_runs" ADD COLUMN "rows_skipped" bigint;--> statement-breakpoint
ALTER TABLE "ingest_runs" ADD COLUMN "source_url" text;--> statement-breakpoint
ALTER TABLE "ingest_runs" ADD COLUMN "etag" text;--> statement-breakpoint
ALTER TABLE "ingest_runs" ADD COLUMN "last_modified" text;