-- Ledger integrity enforced by the database itself (README, Decision 2).
-- 1. a reversal points at the journal it reverses; no zero postings
ALTER TABLE "journal" ADD CONSTRAINT "journal_reverses_fk" FOREIGN KEY ("reverses_journal_id") REFERENCES "journal"("id");
--> statement-breakpoint
ALTER TABLE "posting" ADD CONSTRAINT "posting_amount_nonzero" CHECK ("amount_fen" <> 0);
--> statement-breakpoint
-- 2. the postings of every journal sum to zero, and a journal has at least two postings; checked at COMMIT
CREATE OR REPLACE FUNCTION ledger_check_journal_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  jid bigint;
  total numeric;
  n integer;
BEGIN
  IF TG_TABLE_NAME = 'journal' THEN
    jid := NEW.id;
  ELSE
    jid := NEW.journal_id;
  END IF;
  SELECT coalesce(sum(amount_fen), 0), count(*) INTO total, n FROM posting WHERE journal_id = jid;
  IF n < 2 THEN
    RAISE EXCEPTION 'ledger: journal % has % posting(s); at least two are required', jid, n USING ERRCODE = '23514';
  END IF;
  IF total <> 0 THEN
    RAISE EXCEPTION 'ledger: journal % is unbalanced (postings sum to % fen)', jid, total USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER posting_balanced AFTER INSERT ON "posting"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_journal_balanced();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER journal_has_postings AFTER INSERT ON "journal"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_journal_balanced();
--> statement-breakpoint
-- 3. append-only: journals, postings and the audit log can be neither changed nor removed
CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is refused: the table is append-only (corrections are reversing entries)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = '42501';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER journal_append_only BEFORE UPDATE OR DELETE ON "journal" FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON "journal" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER posting_append_only BEFORE UPDATE OR DELETE ON "posting" FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER posting_no_truncate BEFORE TRUNCATE ON "posting" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
