-- Each allocation's paid total, kept by the database with every payment (README, Decision 22). Payments are money
-- already sent to the final payee with their ledger journal: append-only, like the ledger (a correction is a recovery).
CREATE OR REPLACE FUNCTION fund_maintain_paid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE fund_allocation a SET paid_fen = a.paid_fen + d.paid
    FROM (SELECT allocation_id, sum(amount_fen) AS paid FROM new_payments GROUP BY allocation_id) d
   WHERE a.id = d.allocation_id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER fund_payment_maintain_paid AFTER INSERT ON "fund_payment"
  REFERENCING NEW TABLE AS new_payments FOR EACH STATEMENT EXECUTE FUNCTION fund_maintain_paid();
--> statement-breakpoint
CREATE TRIGGER fund_payment_append_only BEFORE UPDATE OR DELETE ON "fund_payment" FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
-- Existing databases: the payments already recorded.
UPDATE fund_allocation a SET paid_fen = coalesce((SELECT sum(p.amount_fen) FROM fund_payment p WHERE p.allocation_id = a.id), 0);
