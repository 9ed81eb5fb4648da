CREATE TABLE "weekly_series" (
	"id" smallint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "weekly_series_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 32767 START WITH 1 CACHE 1),
	"source" text NOT NULL,
	"metric" text NOT NULL,
	CONSTRAINT "weekly_series_source_metric_key" UNIQUE("source","metric"),
	CONSTRAINT "weekly_series_metric_check" CHECK ("weekly_series"."metric" in ('hosp-admissions', 'ed-visits-prop', 'ed-visits-pct'))
);
--> statement-breakpoint
CREATE TABLE "weekly_values" (
	"series_id" smallint NOT NULL,
	"region_id" integer NOT NULL,
	"week_end" date NOT NULL,
	"as_of" date NOT NULL,
	"value" double precision,
	"level" smallint,
	"trend" smallint,
	"missing_reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "weekly_values_pkey" PRIMARY KEY("series_id","region_id","week_end","as_of"),
	CONSTRAINT "weekly_values_level_check" CHECK ("weekly_values"."level" between 0 and 4),
	CONSTRAINT "weekly_values_trend_check" CHECK ("weekly_values"."trend" between 0 and 2)
);
--> statement-breakpoint
ALTER TABLE "ingest_batches" DROP CONSTRAINT "ingest_batches_kind_check";--> statement-breakpoint
ALTER TABLE "ingest_batches" ADD CONSTRAINT "ingest_batches_kind_check" CHECK ("ingest_batches"."kind" in ('regions', 'observations', 'quarantine', 'mobility', 'presence', 'weekly'));