ALTER TABLE "xdt_recovery" ADD COLUMN "request_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "xdt_recovery_request_uq" ON "xdt_recovery" USING btree ("claim_id","request_key");