CREATE TABLE "audit_finding" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"record_kind" text NOT NULL,
	"record_id" bigint NOT NULL,
	"severity" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"recommendation" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"bank_org_id" integer,
	"region_code" text,
	"created_by_user_id" integer,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"response" text,
	"responded_by_name" text,
	"responded_by_org_id" integer,
	"responded_at" timestamp with time zone,
	"closing_note" text,
	"closed_by_name" text,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "evidence_item" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"set_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"ref_id" bigint NOT NULL,
	"note" text,
	"added_by_name" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_set" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"purpose" text,
	"created_by_user_id" integer,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xdt_yearly_decision" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"bank_org_id" integer NOT NULL,
	"decision" text NOT NULL,
	"test_passed" boolean NOT NULL,
	"basis" text NOT NULL,
	"meeting_date" date NOT NULL,
	"decision_ref" text,
	"recorded_by_user_id" integer,
	"recorded_by_name" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_finding" ADD CONSTRAINT "audit_finding_bank_org_id_organisation_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_item" ADD CONSTRAINT "evidence_item_set_id_evidence_set_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."evidence_set"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xdt_yearly_decision" ADD CONSTRAINT "xdt_yearly_decision_bank_org_id_organisation_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_finding_record_idx" ON "audit_finding" USING btree ("record_kind","record_id");--> statement-breakpoint
CREATE INDEX "audit_finding_status_idx" ON "audit_finding" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_item_uq" ON "evidence_item" USING btree ("set_id","kind","ref_id");--> statement-breakpoint
CREATE UNIQUE INDEX "xdt_yearly_decision_uq" ON "xdt_yearly_decision" USING btree ("year","bank_org_id");--> statement-breakpoint
CREATE INDEX "xdt_yearly_decision_year_idx" ON "xdt_yearly_decision" USING btree ("year");