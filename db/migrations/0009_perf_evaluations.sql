CREATE TABLE "perf_evaluation" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" bigint NOT NULL,
	"allocation_id" bigint NOT NULL,
	"program_id" integer NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"score_centi" integer NOT NULL,
	"grade" text NOT NULL,
	"grade_verdict" jsonb NOT NULL,
	"self_evaluation_id" bigint,
	"note" text,
	"findings" text,
	"evidence_name" text,
	"evidence_mime" text,
	"evidence_size" integer,
	"evidence_sha256" text,
	"evidence" "bytea",
	"evaluated_on" date NOT NULL,
	"by_name" text NOT NULL,
	"by_user_id" integer,
	"by_role" text NOT NULL,
	"published_on" date,
	"published_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "perf_results_decision" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" bigint NOT NULL,
	"program_id" integer NOT NULL,
	"enterprise_id" integer NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"key_evaluation_id" bigint NOT NULL,
	"action" text NOT NULL,
	"basis" text NOT NULL,
	"verdict" jsonb NOT NULL,
	"decided_on" date NOT NULL,
	"by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "perf_evaluation" ADD CONSTRAINT "perf_evaluation_project_id_fund_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."fund_project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "perf_evaluation" ADD CONSTRAINT "perf_evaluation_allocation_id_fund_allocation_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."fund_allocation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "perf_evaluation" ADD CONSTRAINT "perf_evaluation_program_id_fund_program_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."fund_program"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "perf_results_decision" ADD CONSTRAINT "perf_results_decision_project_id_fund_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."fund_project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "perf_results_decision" ADD CONSTRAINT "perf_results_decision_program_id_fund_program_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."fund_program"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "perf_results_decision" ADD CONSTRAINT "perf_results_decision_enterprise_id_enterprise_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprise"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "perf_results_decision" ADD CONSTRAINT "perf_results_decision_key_evaluation_id_perf_evaluation_id_fk" FOREIGN KEY ("key_evaluation_id") REFERENCES "public"."perf_evaluation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "perf_evaluation_kind_uq" ON "perf_evaluation" USING btree ("project_id","year","kind");--> statement-breakpoint
CREATE INDEX "perf_evaluation_region_idx" ON "perf_evaluation" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "perf_evaluation_program_idx" ON "perf_evaluation" USING btree ("program_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "perf_results_decision_uq" ON "perf_results_decision" USING btree ("project_id","year");--> statement-breakpoint
CREATE INDEX "perf_results_decision_unit_idx" ON "perf_results_decision" USING btree ("enterprise_id","program_id","year");--> statement-breakpoint
CREATE INDEX "perf_results_decision_region_idx" ON "perf_results_decision" USING btree ("region_code");