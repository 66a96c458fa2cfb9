ALTER TABLE "xdt_repayment" ADD COLUMN "request_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "xdt_repayment_request_uq" ON "xdt_repayment" USING btree ("loan_id","request_key");