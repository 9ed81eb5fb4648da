CREATE TABLE "cluster_assignments" (
	"run_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"cluster" integer NOT NULL,
	CONSTRAINT "cluster_assignments_pkey" PRIMARY KEY("run_id","region_id")
);
--> statement-breakpoint
CREATE TABLE "cluster_runs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cluster_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"level" text NOT NULL,
	"run_id" text NOT NULL,
	"as_of" date NOT NULL,
	"features" text[] NOT NULL,
	"k" integer NOT NULL,
	"silhouette" double precision NOT NULL,
	"calinski_harabasz" double precision NOT NULL,
	"seed_stability" double precision NOT NULL,
	"ari_previous" double precision,
	"previous_run_id" integer,
	"centroids" double precision[] NOT NULL,
	"regions" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cluster_runs_level_check" CHECK ("cluster_runs"."level" in ('county', 'state', 'country'))
);
--> statement-breakpoint
CREATE TABLE "forecasts" (
	"model" text NOT NULL,
	"region_id" integer NOT NULL,
	"forecast_date" date NOT NULL,
	"target" text NOT NULL,
	"location" text NOT NULL,
	"target_end_date" date NOT NULL,
	"quantiles" double precision[] NOT NULL,
	"run_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forecasts_pkey" PRIMARY KEY("region_id","model","forecast_date","target"),
	CONSTRAINT "forecasts_quantiles_check" CHECK (cardinality("forecasts"."quantiles") = 23)
);
--> statement-breakpoint
CREATE TABLE "risk_snapshots" (
	"region_id" integer PRIMARY KEY NOT NULL,
	"dataset" text NOT NULL,
	"day" date NOT NULL,
	"run_id" text NOT NULL,
	"new_cases_7d_avg" double precision,
	"case_density" double precision,
	"weekly_cases_per_100k" double precision,
	"growth_rate" double precision,
	"doubling_time" double precision,
	"new_deaths_7d_avg" double precision,
	"deaths_per_100k" double precision,
	"weekly_deaths_per_100k" double precision,
	"rt" double precision,
	"rt_low" double precision,
	"rt_high" double precision,
	"rt_lag_days" integer NOT NULL,
	"case_density_level" text NOT NULL,
	"infection_rate_level" text NOT NULL,
	"overall_level" text NOT NULL,
	"cdc_level" text NOT NULL,
	"mobility_change" double precision,
	"prevalence" double precision,
	"prevalence_low" double precision,
	"prevalence_high" double precision,
	"cluster_run_id" integer,
	"cluster" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "cluster_runs_level_idx" ON "cluster_runs" USING btree ("level","id");