ALTER TABLE "fund_application" ADD COLUMN "proposed_fen" bigint;--> statement-breakpoint
ALTER TABLE "fund_application" ADD CONSTRAINT "fund_application_proposed_ck" CHECK ("fund_application"."proposed_fen" is null or ("fund_application"."proposed_fen" > 0 and "fund_application"."proposed_fen" <= "fund_application"."requested_fen"));--> statement-breakpoint
-- Applications decided before the proposed amount was recorded: their 公示 published the amount requested (the public
-- list showed it, headed 申请金额), so that is the amount they were proposed at.
UPDATE "fund_application" SET "proposed_fen" = "requested_fen" WHERE "decided_on" IS NOT NULL AND "proposed_fen" IS NULL;--> statement-breakpoint
ALTER TABLE "fund_application" ADD CONSTRAINT "fund_application_decided_proposed_ck" CHECK ("fund_application"."decided_on" is null or "fund_application"."proposed_fen" is not null);
