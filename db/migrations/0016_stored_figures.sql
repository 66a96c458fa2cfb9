CREATE TABLE "ledger_account_month" (
	"account_id" bigint NOT NULL,
	"month" date NOT NULL,
	"journal_kind" text NOT NULL,
	"net_fen" bigint NOT NULL,
	CONSTRAINT "ledger_account_month_account_id_month_journal_kind_pk" PRIMARY KEY("account_id","month","journal_kind")
);
--> statement-breakpoint
CREATE TABLE "xdt_lending_month" (
	"bank_org_id" integer NOT NULL,
	"month" date NOT NULL,
	"admitted_fen" bigint NOT NULL,
	"admitted_count" integer NOT NULL,
	CONSTRAINT "xdt_lending_month_bank_org_id_month_pk" PRIMARY KEY("bank_org_id","month")
);
--> statement-breakpoint
ALTER TABLE "ledger_account" ADD COLUMN "balance_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "xdt_loan" ADD COLUMN "principal_unpaid_from" date;--> statement-breakpoint
ALTER TABLE "xdt_loan" ADD COLUMN "interest_unpaid_from" date;--> statement-breakpoint
ALTER TABLE "xdt_loan" ADD COLUMN "outstanding_principal_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_account_month" ADD CONSTRAINT "ledger_account_month_account_id_ledger_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."ledger_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_lending_month" ADD CONSTRAINT "xdt_lending_month_bank_org_id_organisation_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "xdt_loan_disbursement_idx" ON "xdt_loan" USING btree ("disbursement_date","id");--> statement-breakpoint
CREATE INDEX "xdt_loan_principal_unpaid_idx" ON "xdt_loan" USING btree ("principal_unpaid_from") WHERE admission_status = 'admitted';--> statement-breakpoint
CREATE INDEX "xdt_loan_interest_unpaid_idx" ON "xdt_loan" USING btree ("interest_unpaid_from") WHERE admission_status = 'admitted';