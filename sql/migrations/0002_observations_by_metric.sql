-- Hand-edited: drizzle-kit's generated ALTERs would fail on existing rows (metric NOT NULL) and
-- drop the data. Rebuild the table in long form instead and carry the rows over, one row per
-- metric that has a value. The resulting schema is the one in meta/0002_snapshot.json.
ALTER TABLE "observations" RENAME TO "observations_wide";--> statement-breakpoint
ALTER INDEX "observations_pkey" RENAME TO "observations_wide_pkey";--> statement-breakpoint
CREATE TABLE "observations" (
	"source" text NOT NULL,
	"metric" text NOT NULL,
	"region_id" integer NOT NULL,
	"day" date NOT NULL,
	"cum_value" double precision,
	"new_value" double precision,
	"revision" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "observations_pkey" PRIMARY KEY("source","metric","region_id","day"),
	CONSTRAINT "observations_metric_check" CHECK ("observations"."metric" in ('cases', 'deaths'))
);--> statement-breakpoint
INSERT INTO "observations" ("source", "metric", "region_id", "day", "cum_value", "new_value", "revision", "updated_at")
SELECT "source", 'cases', "region_id", "day", "cum_cases", "new_cases", "revision", "updated_at" FROM "observations_wide"
WHERE "cum_cases" IS NOT NULL OR "new_cases" IS NOT NULL OR ("cum_deaths" IS NULL AND "new_deaths" IS NULL);--> statement-breakpoint
INSERT INTO "observations" ("source", "metric", "region_id", "day", "cum_value", "new_value", "revision", "updated_at")
SELECT "source", 'deaths', "region_id", "day", "cum_deaths", "new_deaths", "revision", "updated_at" FROM "observations_wide"
WHERE "cum_deaths" IS NOT NULL OR "new_deaths" IS NOT NULL;--> statement-breakpoint
DROP TABLE "observations_wide";
