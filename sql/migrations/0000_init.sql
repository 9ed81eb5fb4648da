CREATE TABLE "ingest_batches" (
	"job_id" text NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"revised" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"regions" integer DEFAULT 0 NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ingest_batches_pkey" PRIMARY KEY("job_id","seq"),
	CONSTRAINT "ingest_batches_kind_check" CHECK ("ingest_batches"."kind" in ('regions', 'observations', 'quarantine'))
);
--> statement-breakpoint
CREATE TABLE "ingest_runs" (
	"job_id" text PRIMARY KEY NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'running' NOT NULL,
	"batches_expected" integer,
	"rows_read" bigint,
	"bytes_read" bigint,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"error" text,
	CONSTRAINT "ingest_runs_state_check" CHECK ("ingest_runs"."state" in ('running', 'done', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "observations" (
	"region_id" integer NOT NULL,
	"source" text NOT NULL,
	"day" date NOT NULL,
	"cum_cases" double precision,
	"new_cases" double precision,
	"cum_deaths" double precision,
	"new_deaths" double precision,
	"revision" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "observations_pkey" PRIMARY KEY("source","region_id","day")
);
--> statement-breakpoint
CREATE TABLE "quarantined_rows" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "quarantined_rows_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"source" text NOT NULL,
	"job_id" text NOT NULL,
	"line" integer NOT NULL,
	"raw" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"id" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_id" integer,
	"fips" text,
	"iso2" text,
	"iso3" text,
	"lat" double precision,
	"lon" double precision,
	"population" double precision,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "regions_level_check" CHECK ("regions"."level" in ('county', 'state', 'country'))
);
--> statement-breakpoint
CREATE INDEX "quarantined_rows_job_id_idx" ON "quarantined_rows" USING btree ("job_id");