/**
 * Many rows in one INSERT, the rows travelling as ONE jsonb parameter (jsonb_to_recordset). drizzle's multi-row
 * insert binds and type-maps every value — measured on a 100k-row import, most of the server's CPU went there — and
 * PostgreSQL takes at most 65,535 parameters in a statement. The rows' columns are those of the first row (each
 * row must carry the same ones); the table's other columns take their database defaults.
 */
import { getTableColumns, sql, type Table } from "drizzle-orm";
import { rowsOf, type Tx } from "./client";

export async function bulkInsert<T extends Table & { id: unknown }>(tx: Tx, table: T, rows: readonly T["$inferInsert"][]): Promise<number[]> {
  if (rows.length === 0) return [];
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0]).filter((k) => (rows[0] as Record<string, unknown>)[k] !== undefined);
  const cols = keys.map((k) => {
    if (!columns[k]) throw new Error(`bulkInsert: the table has no column ${k}`);
    return columns[k];
  });
  const payload = rows.map((row, i) => {
    const r = row as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [j, k] of keys.entries()) {
      if (r[k] === undefined) throw new Error(`bulkInsert: row ${i} has no ${k} (every row must carry the first row's columns)`);
      out[cols[j].name] = r[k];
    }
    if (Object.keys(r).some((k) => r[k] !== undefined && !keys.includes(k))) throw new Error(`bulkInsert: row ${i} carries a column the first row does not`);
    return out;
  });
  const names = sql.join(cols.map((c) => sql.identifier(c.name)), sql`, `);
  const types = sql.join(cols.map((c) => sql`${sql.identifier(c.name)} ${sql.raw(c.getSQLType())}`), sql`, `);
  const inserted = rowsOf<{ id: string | number }>(
    await tx.execute(sql`insert into ${table} (${names}) select ${names} from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(${types}) returning id`),
  );
  // ids come from the sequence in the order the rows are read, which is the array's: ascending ids are input order
  return inserted.map((r) => Number(r.id)).sort((a, b) => a - b);
}
