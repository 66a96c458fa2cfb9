ALTER TABLE "enterprise" ADD COLUMN "size_industry" text;--> statement-breakpoint
ALTER TABLE "enterprise" ADD COLUMN "employees" integer;--> statement-breakpoint
ALTER TABLE "enterprise" ADD COLUMN "revenue_fen" bigint;--> statement-breakpoint
ALTER TABLE "enterprise" ADD COLUMN "total_assets_fen" bigint;--> statement-breakpoint
ALTER TABLE "enterprise" ADD COLUMN "size_assessed_on" date;--> statement-breakpoint
ALTER TABLE "enterprise" ADD COLUMN "contact_name" text;--> statement-breakpoint
ALTER TABLE "enterprise" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "enterprise" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "xdt_import_job" ADD COLUMN "warnings" jsonb;