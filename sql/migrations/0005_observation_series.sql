-- Hand-edited: drizzle-kit's generated ALTERs would fail on existing rows (series_id NOT NULL)
-- and drop their source and metric. Create the series, rebuild observations keyed by series id
-- and carry every row over. The resulting schema is the one in meta/0005_snapshot.json.
CREATE TABLE "observation_series" (
	"id" smallint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "observation_series_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 32767 START WITH 1 CACHE 1),
	"source" text NOT NULL,
	"metric" text NOT NULL,
	CONSTRAINT "observation_series_source_metric_key" UNIQUE("source","metric"),
	CONSTRAINT "observation_series_metric_check" CHECK ("observation_series"."metric" in ('cases', 'deaths'))
);
--> statement-breakpoint
INSERT INTO "observation_series" ("source", "metric")
SELECT DISTINCT "source", "metric" FROM "observations" ORDER BY "source", "metric";--> statement-breakpoint
ALTER TABLE "observations" RENAME TO "observations_by_name";--> statement-breakpoint
ALTER INDEX "observations_pkey" RENAME TO "observations_by_name_pkey";--> statement-breakpoint
CREATE TABLE "observations" (
	"series_id" smallint NOT NULL,
	"region_id" integer NOT NULL,
	"day" date NOT NULL,
	"cum_value" double precision,
	"new_value" double precision,
	"revision" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "observations_pkey" PRIMARY KEY("series_id","region_id","day")
);--> statement-breakpoint
INSERT INTO "observations" ("series_id", "region_id", "day", "cum_value", "new_value", "revision", "updated_at")
SELECT s."id", o."region_id", o."day", o."cum_value", o."new_value", o."revision", o."updated_at"
FROM "observations_by_name" o JOIN "observation_series" s ON s."source" = o."source" AND s."metric" = o."metric";--> statement-breakpoint
DROP TABLE "observations_by_name";
