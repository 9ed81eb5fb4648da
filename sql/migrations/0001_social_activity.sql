CREATE TABLE "device_presence" (
	"region_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"device_hash" text NOT NULL,
	CONSTRAINT "device_presence_pkey" PRIMARY KEY("region_id","hour","device_hash")
);
--> statement-breakpoint
CREATE TABLE "social_activity" (
	"region_id" integer NOT NULL,
	"source" text NOT NULL,
	"day" date NOT NULL,
	"retail_and_recreation" double precision,
	"grocery_and_pharmacy" double precision,
	"parks" double precision,
	"transit_stations" double precision,
	"workplaces" double precision,
	"residential" double precision,
	"away_from_home" double precision,
	"revision" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "social_activity_pkey" PRIMARY KEY("source","region_id","day")
);
--> statement-breakpoint
CREATE TABLE "source_validators" (
	"url" text PRIMARY KEY NOT NULL,
	"etag" text,
	"last_modified" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ingest_batches" DROP CONSTRAINT "ingest_batches_kind_check";--> statement-breakpoint
ALTER TABLE "ingest_batches" ADD CONSTRAINT "ingest_batches_kind_check" CHECK ("ingest_batches"."kind" in ('regions', 'observations', 'quarantine', 'mobility', 'presence'));