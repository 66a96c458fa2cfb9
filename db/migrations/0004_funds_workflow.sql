CREATE TABLE "fund_acceptance" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"allocation_id" bigint NOT NULL,
	"level" text NOT NULL,
	"body" text NOT NULL,
	"result" text NOT NULL,
	"accepted_on" date NOT NULL,
	"note" text,
	"verdict" jsonb NOT NULL,
	"by_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_adjustment" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"allocation_id" bigint NOT NULL,
	"requested_on" date NOT NULL,
	"content" text NOT NULL,
	"status" text NOT NULL,
	"approver" text NOT NULL,
	"verdict" jsonb NOT NULL,
	"by_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_allocation" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" bigint NOT NULL,
	"project_id" bigint NOT NULL,
	"program_id" integer NOT NULL,
	"enterprise_id" integer NOT NULL,
	"year" integer NOT NULL,
	"support_mode" text NOT NULL,
	"level" text NOT NULL,
	"budget_region_code" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"prepay_max_fen" bigint DEFAULT 0 NOT NULL,
	"decided_on" date NOT NULL,
	"cap_verdict" jsonb NOT NULL,
	"duplicate_verdict" jsonb,
	"override_by" text,
	"override_reason" text,
	"status" text DEFAULT 'active' NOT NULL,
	"adjustments" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_application" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" bigint NOT NULL,
	"program_id" integer NOT NULL,
	"year" integer NOT NULL,
	"status" text NOT NULL,
	"support_mode" text NOT NULL,
	"requested_fen" bigint NOT NULL,
	"filed_on" date NOT NULL,
	"documents" jsonb NOT NULL,
	"rank_score" integer,
	"decision_ref" text,
	"decided_on" date,
	"publicity_start" date,
	"publicity_end" date,
	"approval_ref" text,
	"approved_on" date,
	"returned_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_ban" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"enterprise_id" integer NOT NULL,
	"program_id" integer NOT NULL,
	"decided_on" date NOT NULL,
	"last_banned_day" date NOT NULL,
	"reason" text NOT NULL,
	"by_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_budget" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"program_id" integer NOT NULL,
	"year" integer NOT NULL,
	"level" text NOT NULL,
	"region_code" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"approved_on" date NOT NULL,
	"issued_on" date,
	"advance" boolean DEFAULT false NOT NULL,
	"approve_journal_id" bigint,
	"issue_journal_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_expert_score" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" bigint NOT NULL,
	"expert_user_id" integer NOT NULL,
	"expert_name" text NOT NULL,
	"score_centi" integer NOT NULL,
	"comment" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_goal" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" bigint NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"target" text NOT NULL,
	"direction" text NOT NULL,
	"weight" integer NOT NULL,
	"actual" text
);
--> statement-breakpoint
CREATE TABLE "fund_guide" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"program_id" integer NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"directions" text NOT NULL,
	"conditions" text NOT NULL,
	"open_from" date NOT NULL,
	"open_to" date NOT NULL,
	"published_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_objection" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" bigint NOT NULL,
	"filed_on" date NOT NULL,
	"objector" text NOT NULL,
	"content" text NOT NULL,
	"status" text NOT NULL,
	"finding" text,
	"decided_on" date
);
--> statement-breakpoint
CREATE TABLE "fund_payment" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"allocation_id" bigint NOT NULL,
	"tranche" integer NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"payee_name" text NOT NULL,
	"payee_account_type" text NOT NULL,
	"payee_account_no" text NOT NULL,
	"journal_id" bigint NOT NULL,
	"by_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_program" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"rule_set" text NOT NULL,
	"name" text NOT NULL,
	"term_from" date NOT NULL,
	"term_to" date NOT NULL,
	"unit_year_cap_fen" bigint NOT NULL,
	"project_cap_fen" bigint NOT NULL,
	"exempt_categories" jsonb NOT NULL,
	"support_modes" jsonb NOT NULL,
	"publicity_working_days" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_project" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"program_id" integer NOT NULL,
	"enterprise_id" integer NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"exempt_category" text,
	"implementation_plan" text NOT NULL,
	"total_investment_fen" bigint NOT NULL,
	"fixed_asset_investment_fen" bigint NOT NULL,
	"construction_start" date NOT NULL,
	"construction_end" date NOT NULL,
	"filing_level" text NOT NULL,
	"provincial_enterprise" boolean DEFAULT false NOT NULL,
	"key_project" boolean DEFAULT false NOT NULL,
	"research_project" boolean DEFAULT false NOT NULL,
	"jobs" integer DEFAULT 0 NOT NULL,
	"tax_fen" bigint DEFAULT 0 NOT NULL,
	"above_scale_new" boolean DEFAULT false NOT NULL,
	"library_status" text NOT NULL,
	"entered_on" date,
	"library_note" text,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_recovery" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"budget_id" bigint,
	"allocation_id" bigint,
	"region_code" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"decided_on" date NOT NULL,
	"reason" text NOT NULL,
	"verdict" jsonb,
	"journal_id" bigint NOT NULL,
	"by_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_review_step" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" bigint NOT NULL,
	"step" text NOT NULL,
	"on_date" date NOT NULL,
	"by_name" text NOT NULL,
	"by_user_id" integer,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fund_acceptance" ADD CONSTRAINT "fund_acceptance_allocation_id_fund_allocation_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."fund_allocation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_adjustment" ADD CONSTRAINT "fund_adjustment_allocation_id_fund_allocation_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."fund_allocation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_allocation" ADD CONSTRAINT "fund_allocation_application_id_fund_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."fund_application"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_allocation" ADD CONSTRAINT "fund_allocation_project_id_fund_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."fund_project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_allocation" ADD CONSTRAINT "fund_allocation_program_id_fund_program_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."fund_program"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_allocation" ADD CONSTRAINT "fund_allocation_enterprise_id_enterprise_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprise"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_application" ADD CONSTRAINT "fund_application_project_id_fund_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."fund_project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_application" ADD CONSTRAINT "fund_application_program_id_fund_program_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."fund_program"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_ban" ADD CONSTRAINT "fund_ban_enterprise_id_enterprise_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprise"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_ban" ADD CONSTRAINT "fund_ban_program_id_fund_program_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."fund_program"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_budget" ADD CONSTRAINT "fund_budget_program_id_fund_program_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."fund_program"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_budget" ADD CONSTRAINT "fund_budget_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_budget" ADD CONSTRAINT "fund_budget_approve_journal_id_journal_id_fk" FOREIGN KEY ("approve_journal_id") REFERENCES "public"."journal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_budget" ADD CONSTRAINT "fund_budget_issue_journal_id_journal_id_fk" FOREIGN KEY ("issue_journal_id") REFERENCES "public"."journal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_expert_score" ADD CONSTRAINT "fund_expert_score_application_id_fund_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."fund_application"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_goal" ADD CONSTRAINT "fund_goal_project_id_fund_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."fund_project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_guide" ADD CONSTRAINT "fund_guide_program_id_fund_program_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."fund_program"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_objection" ADD CONSTRAINT "fund_objection_application_id_fund_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."fund_application"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_payment" ADD CONSTRAINT "fund_payment_allocation_id_fund_allocation_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."fund_allocation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_payment" ADD CONSTRAINT "fund_payment_journal_id_journal_id_fk" FOREIGN KEY ("journal_id") REFERENCES "public"."journal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_project" ADD CONSTRAINT "fund_project_program_id_fund_program_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."fund_program"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_project" ADD CONSTRAINT "fund_project_enterprise_id_enterprise_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprise"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_project" ADD CONSTRAINT "fund_project_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_recovery" ADD CONSTRAINT "fund_recovery_budget_id_fund_budget_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."fund_budget"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_recovery" ADD CONSTRAINT "fund_recovery_allocation_id_fund_allocation_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."fund_allocation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_recovery" ADD CONSTRAINT "fund_recovery_journal_id_journal_id_fk" FOREIGN KEY ("journal_id") REFERENCES "public"."journal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_review_step" ADD CONSTRAINT "fund_review_step_application_id_fund_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."fund_application"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fund_acceptance_alloc_uq" ON "fund_acceptance" USING btree ("allocation_id");--> statement-breakpoint
CREATE INDEX "fund_adjustment_alloc_idx" ON "fund_adjustment" USING btree ("allocation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_allocation_app_uq" ON "fund_allocation" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "fund_allocation_unit_idx" ON "fund_allocation" USING btree ("enterprise_id","program_id","year");--> statement-breakpoint
CREATE INDEX "fund_allocation_project_idx" ON "fund_allocation" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_application_year_uq" ON "fund_application" USING btree ("project_id","year");--> statement-breakpoint
CREATE INDEX "fund_application_status_idx" ON "fund_application" USING btree ("status");--> statement-breakpoint
CREATE INDEX "fund_ban_enterprise_idx" ON "fund_ban" USING btree ("enterprise_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_budget_line_uq" ON "fund_budget" USING btree ("program_id","year","region_code");--> statement-breakpoint
CREATE INDEX "fund_budget_region_idx" ON "fund_budget" USING btree ("region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_expert_score_uq" ON "fund_expert_score" USING btree ("application_id","expert_user_id");--> statement-breakpoint
CREATE INDEX "fund_goal_project_idx" ON "fund_goal" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_guide_year_uq" ON "fund_guide" USING btree ("program_id","year");--> statement-breakpoint
CREATE INDEX "fund_objection_app_idx" ON "fund_objection" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_payment_tranche_uq" ON "fund_payment" USING btree ("allocation_id","tranche");--> statement-breakpoint
CREATE INDEX "fund_payment_paid_idx" ON "fund_payment" USING btree ("paid_on");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_program_code_uq" ON "fund_program" USING btree ("code");--> statement-breakpoint
CREATE INDEX "fund_project_region_idx" ON "fund_project" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "fund_project_enterprise_idx" ON "fund_project" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "fund_project_program_idx" ON "fund_project" USING btree ("program_id");--> statement-breakpoint
CREATE INDEX "fund_recovery_region_idx" ON "fund_recovery" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "fund_review_step_app_idx" ON "fund_review_step" USING btree ("application_id");