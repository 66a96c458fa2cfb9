CREATE TABLE "fund_application_document" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"by_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fund_guide" ALTER COLUMN "published_on" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "fund_guide" ADD COLUMN "extra_documents" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "fund_application_document" ADD CONSTRAINT "fund_application_document_application_id_fund_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."fund_application"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fund_application_document_kind_uq" ON "fund_application_document" USING btree ("application_id","kind");--> statement-breakpoint
CREATE INDEX "fund_application_document_app_idx" ON "fund_application_document" USING btree ("application_id");