CREATE TABLE "xdt_bank_year_enterprise" (
	"bank_org_id" integer NOT NULL,
	"year" integer NOT NULL,
	"enterprise_id" integer NOT NULL,
	"loans" integer NOT NULL,
	CONSTRAINT "xdt_bank_year_enterprise_bank_org_id_year_enterprise_id_pk" PRIMARY KEY("bank_org_id","year","enterprise_id")
);
--> statement-breakpoint
ALTER TABLE "xdt_bank_year_enterprise" ADD CONSTRAINT "xdt_bank_year_enterprise_bank_org_id_organisation_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_bank_year_enterprise" ADD CONSTRAINT "xdt_bank_year_enterprise_enterprise_id_enterprise_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprise"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "xdt_bank_year_enterprise_year_idx" ON "xdt_bank_year_enterprise" USING btree ("year","enterprise_id");--> statement-breakpoint
CREATE INDEX "xdt_bank_year_enterprise_empty_idx" ON "xdt_bank_year_enterprise" USING btree ("loans") WHERE loans = 0;