ALTER TABLE "cluster_runs" ADD COLUMN "kind" text DEFAULT 'historical' NOT NULL;--> statement-breakpoint
CREATE INDEX "cluster_runs_kind_level_idx" ON "cluster_runs" USING btree ("kind","level","id");--> statement-breakpoint
ALTER TABLE "cluster_runs" ADD CONSTRAINT "cluster_runs_kind_check" CHECK ("cluster_runs"."kind" in ('historical', 'current'));