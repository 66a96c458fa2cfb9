CREATE TABLE "xdt_pool_operation" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"journal_id" bigint NOT NULL,
	"from_account_id" bigint NOT NULL,
	"to_account_id" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	"value_date" date NOT NULL,
	"reference" text NOT NULL,
	"reason" text NOT NULL,
	"recorded_by_user_id" integer,
	"recorded_by_name" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xdt_bank_list" (
	"year" integer PRIMARY KEY NOT NULL,
	"published_on" date NOT NULL,
	"document_ref" text NOT NULL,
	"published_by_user_id" integer,
	"published_by_name" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xdt_bank_list_entry" (
	"year" integer NOT NULL,
	"bank_org_id" integer NOT NULL,
	CONSTRAINT "xdt_bank_list_entry_year_bank_org_id_pk" PRIMARY KEY("year","bank_org_id")
);
--> statement-breakpoint
ALTER TABLE "xdt_pool_operation" ADD CONSTRAINT "xdt_pool_operation_journal_id_journal_id_fk" FOREIGN KEY ("journal_id") REFERENCES "public"."journal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_pool_operation" ADD CONSTRAINT "xdt_pool_operation_from_account_id_ledger_account_id_fk" FOREIGN KEY ("from_account_id") REFERENCES "public"."ledger_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_pool_operation" ADD CONSTRAINT "xdt_pool_operation_to_account_id_ledger_account_id_fk" FOREIGN KEY ("to_account_id") REFERENCES "public"."ledger_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_bank_list_entry" ADD CONSTRAINT "xdt_bank_list_entry_year_xdt_bank_list_year_fk" FOREIGN KEY ("year") REFERENCES "public"."xdt_bank_list"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_bank_list_entry" ADD CONSTRAINT "xdt_bank_list_entry_bank_org_id_organisation_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "xdt_pool_operation_journal_uq" ON "xdt_pool_operation" USING btree ("journal_id");--> statement-breakpoint
CREATE INDEX "xdt_pool_operation_date_idx" ON "xdt_pool_operation" USING btree ("value_date");--> statement-breakpoint
CREATE INDEX "xdt_pool_operation_from_idx" ON "xdt_pool_operation" USING btree ("from_account_id");--> statement-breakpoint
CREATE INDEX "xdt_pool_operation_to_idx" ON "xdt_pool_operation" USING btree ("to_account_id");