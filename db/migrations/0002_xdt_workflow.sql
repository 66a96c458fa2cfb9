CREATE TABLE "xdt_bank" (
	"org_id" integer PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"suspension_reason" text,
	"pool_share_bp" integer DEFAULT 7000 NOT NULL,
	"code" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xdt_bank_status_change" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bank_org_id" integer NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"basis" text NOT NULL,
	"decision_ref" text,
	"decision_date" date NOT NULL,
	"recorded_by_user_id" integer,
	"recorded_by_name" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xdt_blacklist" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"identifier" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"enterprise_id" integer,
	"reason" text NOT NULL,
	"decision_ref" text NOT NULL,
	"decision_date" date NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xdt_lpr" (
	"effective_date" date PRIMARY KEY NOT NULL,
	"lpr_1y_bp" integer NOT NULL,
	"lpr_5y_bp" integer NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xdt_monthly_report" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bank_org_id" integer NOT NULL,
	"month" date NOT NULL,
	"balance_fen" bigint NOT NULL,
	"cumulative_lending_fen" bigint NOT NULL,
	"npl_fen" bigint NOT NULL,
	"bad_debt_fen" bigint NOT NULL,
	"due_date" date NOT NULL,
	"submitted_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xdt_risk_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bank_org_id" integer NOT NULL,
	"loan_id" bigint,
	"event_date" date NOT NULL,
	"due_date" date,
	"reported_on" date,
	"description" text NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "xdt_loan" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bank_org_id" integer NOT NULL,
	"enterprise_id" integer NOT NULL,
	"contract_no" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"annual_rate_bp" integer NOT NULL,
	"term_months" integer NOT NULL,
	"disbursement_date" date NOT NULL,
	"maturity_date" date NOT NULL,
	"is_credit_loan" boolean NOT NULL,
	"credit_enhancement" text,
	"controller_spouse_guarantee" boolean NOT NULL,
	"renewal_of_loan_id" bigint,
	"request_date" date NOT NULL,
	"admission_due" date,
	"admission_status" text NOT NULL,
	"admission_verdict" jsonb NOT NULL,
	"decided_on" date,
	"decided_by_name" text,
	"decision_note" text,
	"source" text NOT NULL,
	"import_job_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xdt_loan_due" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"loan_id" bigint NOT NULL,
	"component" text NOT NULL,
	"due_date" date NOT NULL,
	"amount_fen" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xdt_repayment" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"loan_id" bigint NOT NULL,
	"component" text NOT NULL,
	"paid_on" date NOT NULL,
	"amount_fen" bigint NOT NULL,
	"recorded_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xdt_claim" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"loan_id" bigint NOT NULL,
	"bank_org_id" integer NOT NULL,
	"status" text NOT NULL,
	"claim_date" date NOT NULL,
	"unpaid_principal_fen" bigint NOT NULL,
	"unpaid_interest_fen" bigint NOT NULL,
	"loss_fen" bigint NOT NULL,
	"compensation_fen" bigint NOT NULL,
	"verdict" jsonb NOT NULL,
	"received_on" date,
	"plan_due" date,
	"returned_reason" text,
	"plan_note" text,
	"decision_date" date,
	"decision_ref" text,
	"approved_fen" bigint,
	"payment_due" date,
	"paid_on" date,
	"payment_journal_id" bigint,
	"payment_split" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xdt_claim_material" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"claim_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"file_name" text,
	"mime_type" text,
	"size_bytes" integer,
	"sha256" text,
	"content" "bytea",
	"marked_only" boolean DEFAULT false NOT NULL,
	"note" text,
	"by_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xdt_claim_step" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"claim_id" bigint NOT NULL,
	"step" text NOT NULL,
	"on_date" date NOT NULL,
	"by_name" text NOT NULL,
	"by_user_id" integer,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xdt_recovery" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"claim_id" bigint NOT NULL,
	"bank_org_id" integer NOT NULL,
	"recovery_date" date NOT NULL,
	"recovered_fen" bigint NOT NULL,
	"costs" jsonb NOT NULL,
	"deductible_fen" bigint NOT NULL,
	"to_pool_fen" bigint NOT NULL,
	"due_date" date NOT NULL,
	"verdict" jsonb NOT NULL,
	"returned_on" date,
	"return_journal_id" bigint,
	"reported_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "xdt_bank" ADD CONSTRAINT "xdt_bank_org_id_organisation_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_bank_status_change" ADD CONSTRAINT "xdt_bank_status_change_bank_org_id_organisation_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_blacklist" ADD CONSTRAINT "xdt_blacklist_enterprise_id_enterprise_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprise"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_monthly_report" ADD CONSTRAINT "xdt_monthly_report_bank_org_id_organisation_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_risk_event" ADD CONSTRAINT "xdt_risk_event_bank_org_id_organisation_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_loan" ADD CONSTRAINT "xdt_loan_bank_org_id_organisation_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_loan" ADD CONSTRAINT "xdt_loan_enterprise_id_enterprise_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprise"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_loan_due" ADD CONSTRAINT "xdt_loan_due_loan_id_xdt_loan_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."xdt_loan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_repayment" ADD CONSTRAINT "xdt_repayment_loan_id_xdt_loan_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."xdt_loan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_claim" ADD CONSTRAINT "xdt_claim_loan_id_xdt_loan_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."xdt_loan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_claim" ADD CONSTRAINT "xdt_claim_bank_org_id_organisation_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_claim" ADD CONSTRAINT "xdt_claim_payment_journal_id_journal_id_fk" FOREIGN KEY ("payment_journal_id") REFERENCES "public"."journal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_claim_material" ADD CONSTRAINT "xdt_claim_material_claim_id_xdt_claim_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."xdt_claim"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_claim_step" ADD CONSTRAINT "xdt_claim_step_claim_id_xdt_claim_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."xdt_claim"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_recovery" ADD CONSTRAINT "xdt_recovery_claim_id_xdt_claim_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."xdt_claim"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_recovery" ADD CONSTRAINT "xdt_recovery_bank_org_id_organisation_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_recovery" ADD CONSTRAINT "xdt_recovery_return_journal_id_journal_id_fk" FOREIGN KEY ("return_journal_id") REFERENCES "public"."journal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "xdt_bank_status_change_bank_idx" ON "xdt_bank_status_change" USING btree ("bank_org_id","decision_date");--> statement-breakpoint
CREATE UNIQUE INDEX "xdt_blacklist_identifier_uq" ON "xdt_blacklist" USING btree ("identifier");--> statement-breakpoint
CREATE UNIQUE INDEX "xdt_monthly_report_bank_month_uq" ON "xdt_monthly_report" USING btree ("bank_org_id","month");--> statement-breakpoint
CREATE INDEX "xdt_risk_event_bank_idx" ON "xdt_risk_event" USING btree ("bank_org_id","event_date");--> statement-breakpoint
CREATE UNIQUE INDEX "xdt_loan_bank_contract_uq" ON "xdt_loan" USING btree ("bank_org_id","contract_no");--> statement-breakpoint
CREATE INDEX "xdt_loan_bank_idx" ON "xdt_loan" USING btree ("bank_org_id","disbursement_date");--> statement-breakpoint
CREATE INDEX "xdt_loan_enterprise_idx" ON "xdt_loan" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "xdt_loan_status_idx" ON "xdt_loan" USING btree ("admission_status","admission_due");--> statement-breakpoint
CREATE INDEX "xdt_loan_due_loan_idx" ON "xdt_loan_due" USING btree ("loan_id","component","due_date");--> statement-breakpoint
CREATE INDEX "xdt_repayment_loan_idx" ON "xdt_repayment" USING btree ("loan_id","component");--> statement-breakpoint
CREATE UNIQUE INDEX "xdt_claim_loan_uq" ON "xdt_claim" USING btree ("loan_id");--> statement-breakpoint
CREATE INDEX "xdt_claim_bank_idx" ON "xdt_claim" USING btree ("bank_org_id","status");--> statement-breakpoint
CREATE INDEX "xdt_claim_status_idx" ON "xdt_claim" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "xdt_claim_material_kind_uq" ON "xdt_claim_material" USING btree ("claim_id","kind");--> statement-breakpoint
CREATE INDEX "xdt_claim_step_claim_idx" ON "xdt_claim_step" USING btree ("claim_id","id");--> statement-breakpoint
CREATE INDEX "xdt_recovery_claim_idx" ON "xdt_recovery" USING btree ("claim_id");--> statement-breakpoint
CREATE INDEX "xdt_recovery_bank_idx" ON "xdt_recovery" USING btree ("bank_org_id","due_date");