-- The arrears refresh (0025) as PL/pgSQL instead of SQL: PostgreSQL parses and plans a SQL function's statement on
-- every call, ≈5–10 ms for this one, paid by every repayment and every schedule written; PL/pgSQL keeps the plan for
-- the session. The statement is 0025's, unchanged.
CREATE OR REPLACE FUNCTION xdt_refresh_arrears(loan_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  WITH ids AS (SELECT DISTINCT unnest(loan_ids) AS id),
  paid AS (
    SELECT r.loan_id, r.component, sum(r.amount_fen) AS amount
    FROM xdt_repayment r JOIN ids ON ids.id = r.loan_id
    GROUP BY r.loan_id, r.component
  ),
  running AS (
    SELECT d.loan_id, d.component, d.due_date, d.amount_fen,
      sum(d.amount_fen) OVER (PARTITION BY d.loan_id, d.component ORDER BY d.due_date, d.id) AS running
    FROM xdt_loan_due d JOIN ids ON ids.id = d.loan_id
  ),
  f AS (
    SELECT ids.id,
      coalesce(sum(ru.amount_fen) FILTER (WHERE ru.component = 'principal'), 0) AS principal_due,
      coalesce(max(pp.amount), 0) AS principal_repaid,
      min(ru.due_date) FILTER (WHERE ru.component = 'principal' AND ru.running > coalesce(pp.amount, 0)) AS principal_from,
      min(ru.due_date) FILTER (WHERE ru.component = 'interest' AND ru.running > coalesce(pi.amount, 0)) AS interest_from
    FROM ids
    LEFT JOIN running ru ON ru.loan_id = ids.id
    LEFT JOIN paid pp ON pp.loan_id = ids.id AND pp.component = 'principal'
    LEFT JOIN paid pi ON pi.loan_id = ids.id AND pi.component = 'interest'
    GROUP BY ids.id
  )
  UPDATE xdt_loan l SET
    principal_unpaid_from = f.principal_from,
    interest_unpaid_from = f.interest_from,
    outstanding_principal_fen = f.principal_due - f.principal_repaid
  FROM f
  WHERE l.id = f.id
    AND (l.principal_unpaid_from IS DISTINCT FROM f.principal_from OR l.interest_unpaid_from IS DISTINCT FROM f.interest_from
         OR l.outstanding_principal_fen <> f.principal_due - f.principal_repaid);
END;
$$;
