-- Stored figures kept by the database in the same statement as the event that changes them (README, Decision 22).
-- Statement-level triggers with transition tables: one pass per INSERT or COPY, whatever its size, and no write
-- path (form, import, API, demo data, bulk load) can forget them. `npm run figures:check` recomputes each from raw
-- history and reports any difference.
--
-- 1. Ledger: each account's balance and its net per month of value date and journal kind.
--    postJournal locks the journal's accounts in id order before inserting postings, so this update never waits on
--    a lock out of order.
CREATE OR REPLACE FUNCTION ledger_maintain_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ledger_account a SET balance_fen = a.balance_fen + d.net
    FROM (SELECT account_id, sum(amount_fen) AS net FROM new_postings GROUP BY account_id) d
   WHERE a.id = d.account_id;
  INSERT INTO ledger_account_month AS m (account_id, month, journal_kind, net_fen)
    SELECT p.account_id, date_trunc('month', j.value_date)::date, j.kind, sum(p.amount_fen)
      FROM new_postings p JOIN journal j ON j.id = p.journal_id
     GROUP BY 1, 2, 3
  ON CONFLICT (account_id, month, journal_kind) DO UPDATE SET net_fen = m.net_fen + excluded.net_fen;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER posting_maintain_figures AFTER INSERT ON "posting"
  REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT EXECUTE FUNCTION ledger_maintain_figures();
--> statement-breakpoint
-- 2. Loans: the arrears state. Repayments settle a component's dues in due-date order, so the earliest unpaid due is
--    the first whose running total of dues exceeds what was repaid of that component (db/xdt.ts loanPosition).
CREATE OR REPLACE FUNCTION xdt_refresh_arrears(loan_ids bigint[]) RETURNS void LANGUAGE sql AS $$
  UPDATE xdt_loan l SET
    principal_unpaid_from = f.principal_from,
    interest_unpaid_from = f.interest_from,
    outstanding_principal_fen = f.principal_due - f.principal_repaid
  FROM (
    SELECT x.id,
      (SELECT coalesce(sum(amount_fen), 0) FROM xdt_loan_due WHERE loan_id = x.id AND component = 'principal') AS principal_due,
      (SELECT coalesce(sum(amount_fen), 0) FROM xdt_repayment WHERE loan_id = x.id AND component = 'principal') AS principal_repaid,
      (SELECT min(d.due_date) FROM (
         SELECT due_date, sum(amount_fen) OVER (ORDER BY due_date, id) AS running FROM xdt_loan_due WHERE loan_id = x.id AND component = 'principal'
       ) d WHERE d.running > (SELECT coalesce(sum(amount_fen), 0) FROM xdt_repayment WHERE loan_id = x.id AND component = 'principal')) AS principal_from,
      (SELECT min(d.due_date) FROM (
         SELECT due_date, sum(amount_fen) OVER (ORDER BY due_date, id) AS running FROM xdt_loan_due WHERE loan_id = x.id AND component = 'interest'
       ) d WHERE d.running > (SELECT coalesce(sum(amount_fen), 0) FROM xdt_repayment WHERE loan_id = x.id AND component = 'interest')) AS interest_from
    FROM (SELECT DISTINCT unnest(loan_ids) AS id) x
  ) f
  WHERE l.id = f.id
    AND (l.principal_unpaid_from IS DISTINCT FROM f.principal_from OR l.interest_unpaid_from IS DISTINCT FROM f.interest_from
         OR l.outstanding_principal_fen <> f.principal_due - f.principal_repaid);
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION xdt_maintain_arrears() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM xdt_refresh_arrears(ARRAY(SELECT DISTINCT loan_id FROM new_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER xdt_loan_due_maintain_arrears AFTER INSERT ON "xdt_loan_due"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION xdt_maintain_arrears();
--> statement-breakpoint
CREATE TRIGGER xdt_repayment_maintain_arrears AFTER INSERT ON "xdt_repayment"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION xdt_maintain_arrears();
--> statement-breakpoint
-- 3. Admitted lending per bank and month of disbursement (the D-6 denominator and its series).
CREATE OR REPLACE FUNCTION xdt_add_lending(bank_org_id integer, month date, fen bigint, n integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO xdt_lending_month AS m (bank_org_id, month, admitted_fen, admitted_count) VALUES (bank_org_id, month, fen, n)
  ON CONFLICT (bank_org_id, month) DO UPDATE SET admitted_fen = m.admitted_fen + excluded.admitted_fen, admitted_count = m.admitted_count + excluded.admitted_count;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION xdt_maintain_lending_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM xdt_add_lending(d.bank_org_id, d.month, d.fen, d.n)
    FROM (SELECT bank_org_id, date_trunc('month', disbursement_date)::date AS month, sum(amount_fen)::bigint AS fen, count(*)::int AS n
            FROM new_loans WHERE admission_status = 'admitted' GROUP BY 1, 2 ORDER BY 1, 2) d;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION xdt_maintain_lending_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- a loan leaves its old (bank, month) if it was admitted and enters its new one if it is: status, amount or date
  PERFORM xdt_add_lending(d.bank_org_id, d.month, d.fen, d.n)
    FROM (SELECT bank_org_id, month, sum(fen)::bigint AS fen, sum(n)::int AS n FROM (
            SELECT o.bank_org_id, date_trunc('month', o.disbursement_date)::date AS month, -o.amount_fen AS fen, -1 AS n
              FROM old_loans o JOIN new_loans n ON n.id = o.id
             WHERE o.admission_status = 'admitted'
               AND (n.admission_status <> 'admitted' OR n.amount_fen <> o.amount_fen OR n.disbursement_date <> o.disbursement_date OR n.bank_org_id <> o.bank_org_id)
            UNION ALL
            SELECT n.bank_org_id, date_trunc('month', n.disbursement_date)::date, n.amount_fen, 1
              FROM old_loans o JOIN new_loans n ON n.id = o.id
             WHERE n.admission_status = 'admitted'
               AND (o.admission_status <> 'admitted' OR n.amount_fen <> o.amount_fen OR n.disbursement_date <> o.disbursement_date OR n.bank_org_id <> o.bank_org_id)
          ) c GROUP BY 1, 2 ORDER BY 1, 2) d;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER xdt_loan_maintain_lending_insert AFTER INSERT ON "xdt_loan"
  REFERENCING NEW TABLE AS new_loans FOR EACH STATEMENT EXECUTE FUNCTION xdt_maintain_lending_insert();
--> statement-breakpoint
CREATE TRIGGER xdt_loan_maintain_lending_update AFTER UPDATE ON "xdt_loan"
  REFERENCING OLD TABLE AS old_loans NEW TABLE AS new_loans FOR EACH STATEMENT EXECUTE FUNCTION xdt_maintain_lending_update();
--> statement-breakpoint
-- 4. Existing databases: fill every stored figure from the history already recorded.
UPDATE ledger_account a SET balance_fen = coalesce((SELECT sum(p.amount_fen) FROM posting p WHERE p.account_id = a.id), 0);
--> statement-breakpoint
INSERT INTO ledger_account_month (account_id, month, journal_kind, net_fen)
  SELECT p.account_id, date_trunc('month', j.value_date)::date, j.kind, sum(p.amount_fen)
    FROM posting p JOIN journal j ON j.id = p.journal_id GROUP BY 1, 2, 3;
--> statement-breakpoint
SELECT xdt_refresh_arrears(ARRAY(SELECT id FROM xdt_loan));
--> statement-breakpoint
INSERT INTO xdt_lending_month (bank_org_id, month, admitted_fen, admitted_count)
  SELECT bank_org_id, date_trunc('month', disbursement_date)::date, sum(amount_fen), count(*)
    FROM xdt_loan WHERE admission_status = 'admitted' GROUP BY 1, 2;
