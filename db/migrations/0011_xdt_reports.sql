CREATE TABLE "xdt_quarterly_report" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bank_org_id" integer NOT NULL,
	"quarter" date NOT NULL,
	"loans_count" integer NOT NULL,
	"lending_fen" bigint NOT NULL,
	"balance_fen" bigint NOT NULL,
	"overdue_fen" bigint NOT NULL,
	"compensation_fen" bigint NOT NULL,
	"recovered_fen" bigint NOT NULL,
	"narrative" text NOT NULL,
	"due_date" date NOT NULL,
	"submitted_on" date NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"correction_reason" text,
	"filed_by_user_id" integer,
	"filed_by_name" text,
	"source" text DEFAULT 'seed' NOT NULL,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "xdt_monthly_report_bank_month_uq";--> statement-breakpoint
ALTER TABLE "xdt_monthly_report" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "xdt_monthly_report" ADD COLUMN "correction_reason" text;--> statement-breakpoint
ALTER TABLE "xdt_monthly_report" ADD COLUMN "filed_by_user_id" integer;--> statement-breakpoint
ALTER TABLE "xdt_monthly_report" ADD COLUMN "filed_by_name" text;--> statement-breakpoint
ALTER TABLE "xdt_monthly_report" ADD COLUMN "source" text DEFAULT 'seed' NOT NULL;--> statement-breakpoint
ALTER TABLE "xdt_monthly_report" ADD COLUMN "filed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "xdt_quarterly_report" ADD CONSTRAINT "xdt_quarterly_report_bank_org_id_organisation_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "xdt_quarterly_report_bank_quarter_version_uq" ON "xdt_quarterly_report" USING btree ("bank_org_id","quarter","version");--> statement-breakpoint
CREATE UNIQUE INDEX "xdt_monthly_report_bank_month_version_uq" ON "xdt_monthly_report" USING btree ("bank_org_id","month","version");