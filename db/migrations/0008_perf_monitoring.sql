CREATE TABLE "perf_evidence" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"monitoring_id" bigint NOT NULL,
	"indicator" integer NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"by_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "perf_goal_revision" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"adjustment_id" bigint NOT NULL,
	"effective_from" date NOT NULL,
	"goals" jsonb NOT NULL,
	"reason" text NOT NULL,
	"by_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "perf_monitoring" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"allocation_id" bigint NOT NULL,
	"project_id" bigint NOT NULL,
	"program_id" integer NOT NULL,
	"region_code" text NOT NULL,
	"period" text NOT NULL,
	"as_of" date NOT NULL,
	"window_start" date NOT NULL,
	"window_end" date NOT NULL,
	"allocated_fen" bigint NOT NULL,
	"paid_fen" bigint NOT NULL,
	"goal_version" integer NOT NULL,
	"indicators" jsonb NOT NULL,
	"time_elapsed_bp" integer NOT NULL,
	"execution_bp" integer NOT NULL,
	"goal_attainment_bp" integer,
	"execution_flag" boolean NOT NULL,
	"goal_flag" boolean NOT NULL,
	"flagged" boolean NOT NULL,
	"verdict" jsonb NOT NULL,
	"note" text,
	"recorded_on" date NOT NULL,
	"by_name" text NOT NULL,
	"by_user_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "perf_rectification" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"monitoring_id" bigint NOT NULL,
	"project_id" bigint NOT NULL,
	"region_code" text NOT NULL,
	"issues" text NOT NULL,
	"due_on" date NOT NULL,
	"due_verdict" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"completed_on" date,
	"completion_note" text,
	"completed_by_name" text
);
--> statement-breakpoint
ALTER TABLE "perf_evidence" ADD CONSTRAINT "perf_evidence_monitoring_id_perf_monitoring_id_fk" FOREIGN KEY ("monitoring_id") REFERENCES "public"."perf_monitoring"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "perf_goal_revision" ADD CONSTRAINT "perf_goal_revision_project_id_fund_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."fund_project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "perf_goal_revision" ADD CONSTRAINT "perf_goal_revision_adjustment_id_fund_adjustment_id_fk" FOREIGN KEY ("adjustment_id") REFERENCES "public"."fund_adjustment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "perf_monitoring" ADD CONSTRAINT "perf_monitoring_allocation_id_fund_allocation_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."fund_allocation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "perf_monitoring" ADD CONSTRAINT "perf_monitoring_project_id_fund_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."fund_project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "perf_rectification" ADD CONSTRAINT "perf_rectification_monitoring_id_perf_monitoring_id_fk" FOREIGN KEY ("monitoring_id") REFERENCES "public"."perf_monitoring"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "perf_rectification" ADD CONSTRAINT "perf_rectification_project_id_fund_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."fund_project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "perf_evidence_monitoring_idx" ON "perf_evidence" USING btree ("monitoring_id");--> statement-breakpoint
CREATE UNIQUE INDEX "perf_goal_revision_version_uq" ON "perf_goal_revision" USING btree ("project_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "perf_goal_revision_adjustment_uq" ON "perf_goal_revision" USING btree ("adjustment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "perf_monitoring_period_uq" ON "perf_monitoring" USING btree ("allocation_id","period");--> statement-breakpoint
CREATE INDEX "perf_monitoring_region_idx" ON "perf_monitoring" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "perf_monitoring_project_idx" ON "perf_monitoring" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "perf_rectification_monitoring_uq" ON "perf_rectification" USING btree ("monitoring_id");--> statement-breakpoint
CREATE INDEX "perf_rectification_region_idx" ON "perf_rectification" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "perf_rectification_due_idx" ON "perf_rectification" USING btree ("status","due_on");