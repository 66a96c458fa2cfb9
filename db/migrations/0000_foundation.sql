CREATE TABLE "app_user" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"organisation_id" integer NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"password_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_attempt" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"ip" text NOT NULL,
	"success" boolean NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisation" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"short_name" text,
	"kind" text NOT NULL,
	"region_code" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "region" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text
);
--> statement-breakpoint
CREATE TABLE "session" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"ip" text,
	"user_agent" text,
	"flash" text
);
--> statement-breakpoint
CREATE TABLE "enterprise" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"credit_code" text NOT NULL,
	"name" text NOT NULL,
	"region_code" text NOT NULL,
	"size_class" text NOT NULL,
	"industry_code" text NOT NULL,
	"industry_name" text NOT NULL,
	"above_scale" boolean DEFAULT false NOT NULL,
	"srdi_tier" text,
	"srdi_valid_from" date,
	"srdi_valid_to" date,
	"actual_controller_name" text NOT NULL,
	"actual_controller_spouse" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shareholder" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"enterprise_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"identifier" text NOT NULL,
	"share_bp" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" integer,
	"actor_name" text NOT NULL,
	"actor_org_id" integer,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"request_id" text NOT NULL,
	"ip" text,
	"bank_org_id" integer,
	"region_code" text
);
--> statement-breakpoint
CREATE TABLE "journal" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"kind" text NOT NULL,
	"memo" text NOT NULL,
	"value_date" date NOT NULL,
	"reverses_journal_id" bigint,
	"created_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_account" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"book" text NOT NULL,
	"owner_org_id" integer,
	"must_not_go_negative" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "posting" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"journal_id" bigint NOT NULL,
	"account_id" bigint NOT NULL,
	"amount_fen" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pool_contribution" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"contributor_org_id" integer NOT NULL,
	"due_fen" bigint NOT NULL,
	"due_date" date NOT NULL,
	"account_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pool_contribution_payment" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contribution_id" bigint NOT NULL,
	"journal_id" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation" ADD CONSTRAINT "organisation_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise" ADD CONSTRAINT "enterprise_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shareholder" ADD CONSTRAINT "shareholder_enterprise_id_enterprise_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprise"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_account" ADD CONSTRAINT "ledger_account_owner_org_id_organisation_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posting" ADD CONSTRAINT "posting_journal_id_journal_id_fk" FOREIGN KEY ("journal_id") REFERENCES "public"."journal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posting" ADD CONSTRAINT "posting_account_id_ledger_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."ledger_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_contribution" ADD CONSTRAINT "pool_contribution_contributor_org_id_organisation_id_fk" FOREIGN KEY ("contributor_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_contribution" ADD CONSTRAINT "pool_contribution_account_id_ledger_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."ledger_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_contribution_payment" ADD CONSTRAINT "pool_contribution_payment_contribution_id_pool_contribution_id_fk" FOREIGN KEY ("contribution_id") REFERENCES "public"."pool_contribution"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_contribution_payment" ADD CONSTRAINT "pool_contribution_payment_journal_id_journal_id_fk" FOREIGN KEY ("journal_id") REFERENCES "public"."journal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "app_user_username_uq" ON "app_user" USING btree (lower("username"));--> statement-breakpoint
CREATE INDEX "app_user_org_idx" ON "app_user" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "login_attempt_user_idx" ON "login_attempt" USING btree ("username","at");--> statement-breakpoint
CREATE INDEX "login_attempt_ip_idx" ON "login_attempt" USING btree ("ip","at");--> statement-breakpoint
CREATE UNIQUE INDEX "organisation_name_uq" ON "organisation" USING btree ("name");--> statement-breakpoint
CREATE INDEX "organisation_region_idx" ON "organisation" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "region_parent_idx" ON "region" USING btree ("parent_code");--> statement-breakpoint
CREATE UNIQUE INDEX "session_token_uq" ON "session" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "session_user_idx" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "enterprise_credit_code_uq" ON "enterprise" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "enterprise_region_idx" ON "enterprise" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "enterprise_name_idx" ON "enterprise" USING btree ("name");--> statement-breakpoint
CREATE INDEX "shareholder_enterprise_idx" ON "shareholder" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "shareholder_identifier_idx" ON "shareholder" USING btree ("identifier");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "journal_idempotency_uq" ON "journal" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "journal_reverses_uq" ON "journal" USING btree ("reverses_journal_id");--> statement-breakpoint
CREATE INDEX "journal_value_date_idx" ON "journal" USING btree ("value_date");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_account_code_uq" ON "ledger_account" USING btree ("code");--> statement-breakpoint
CREATE INDEX "ledger_account_owner_idx" ON "ledger_account" USING btree ("owner_org_id");--> statement-breakpoint
CREATE INDEX "posting_journal_idx" ON "posting" USING btree ("journal_id");--> statement-breakpoint
CREATE INDEX "posting_account_idx" ON "posting" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pool_contribution_source_org_uq" ON "pool_contribution" USING btree ("source","contributor_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pool_contribution_payment_journal_uq" ON "pool_contribution_payment" USING btree ("journal_id");--> statement-breakpoint
CREATE INDEX "pcp_contribution_idx" ON "pool_contribution_payment" USING btree ("contribution_id");