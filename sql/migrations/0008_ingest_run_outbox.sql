ALTER TABLE "ingest_runs" ADD COLUMN "announced_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "ingest_runs_unannounced_idx" ON "ingest_runs" USING btree ("finished_at") WHERE "ingest_runs"."announced_at" is null and "ingest_runs"."finished_at" is not null;--> statement-breakpoint
-- Jobs finished before the outbox existed were announced then: owe nothing for them.
UPDATE "ingest_runs" SET "announced_at" = "finished_at" WHERE "finished_at" IS NOT NULL;
