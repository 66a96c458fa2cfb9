-- Enterprises supported per bank and year (XDT-BF 第十四条), kept with the lending months (README, Decision 22): the
-- lending triggers of 0017 now also count each admitted loan under (bank, year of disbursement, enterprise).
CREATE OR REPLACE FUNCTION xdt_add_enterprise_loans(bank_org_id integer, year integer, enterprise_id integer, n integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO xdt_bank_year_enterprise AS m (bank_org_id, year, enterprise_id, loans) VALUES (bank_org_id, year, enterprise_id, n)
  ON CONFLICT (bank_org_id, year, enterprise_id) DO UPDATE SET loans = m.loans + excluded.loans;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION xdt_maintain_lending_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM xdt_add_lending(d.bank_org_id, d.month, d.fen, d.n)
    FROM (SELECT bank_org_id, date_trunc('month', disbursement_date)::date AS month, sum(amount_fen)::bigint AS fen, count(*)::int AS n
            FROM new_loans WHERE admission_status = 'admitted' GROUP BY 1, 2 ORDER BY 1, 2) d;
  PERFORM xdt_add_enterprise_loans(d.bank_org_id, d.year, d.enterprise_id, d.n)
    FROM (SELECT bank_org_id, extract(year FROM disbursement_date)::int AS year, enterprise_id, count(*)::int AS n
            FROM new_loans WHERE admission_status = 'admitted' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3) d;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION xdt_maintain_lending_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- a loan leaves its old (bank, month, enterprise) if it was admitted and enters its new one if it is now: a change
  -- of status, amount, date, bank or enterprise. One statement: both stored figures from one set of changes.
  WITH c AS (
    SELECT o.bank_org_id, o.disbursement_date, o.enterprise_id, -o.amount_fen AS fen, -1 AS n
      FROM old_loans o JOIN new_loans n ON n.id = o.id
     WHERE o.admission_status = 'admitted'
       AND (n.admission_status <> 'admitted' OR n.amount_fen <> o.amount_fen OR n.disbursement_date <> o.disbursement_date OR n.bank_org_id <> o.bank_org_id OR n.enterprise_id <> o.enterprise_id)
    UNION ALL
    SELECT n.bank_org_id, n.disbursement_date, n.enterprise_id, n.amount_fen, 1
      FROM old_loans o JOIN new_loans n ON n.id = o.id
     WHERE n.admission_status = 'admitted'
       AND (o.admission_status <> 'admitted' OR n.amount_fen <> o.amount_fen OR n.disbursement_date <> o.disbursement_date OR n.bank_org_id <> o.bank_org_id OR n.enterprise_id <> o.enterprise_id)
  ),
  lending AS (
    INSERT INTO xdt_lending_month AS m (bank_org_id, month, admitted_fen, admitted_count)
      SELECT bank_org_id, date_trunc('month', disbursement_date)::date, sum(fen)::bigint, sum(n)::int FROM c GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (bank_org_id, month) DO UPDATE SET admitted_fen = m.admitted_fen + excluded.admitted_fen, admitted_count = m.admitted_count + excluded.admitted_count
    RETURNING 1
  )
  INSERT INTO xdt_bank_year_enterprise AS e (bank_org_id, year, enterprise_id, loans)
    SELECT bank_org_id, extract(year FROM disbursement_date)::int, enterprise_id, sum(n)::int FROM c GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (bank_org_id, year, enterprise_id) DO UPDATE SET loans = e.loans + excluded.loans;
  -- an enterprise with no admitted loan left that year is no longer supported by that bank (the partial index finds them)
  DELETE FROM xdt_bank_year_enterprise WHERE loans = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Existing databases: count the admitted loans already recorded.
INSERT INTO xdt_bank_year_enterprise (bank_org_id, year, enterprise_id, loans)
  SELECT bank_org_id, extract(year FROM disbursement_date)::int, enterprise_id, count(*)
    FROM xdt_loan WHERE admission_status = 'admitted' GROUP BY 1, 2, 3;
