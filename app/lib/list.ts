/** Rows per page of every list (client-safe: the pager needs it after hydration). */
export const PAGE_SIZE = 50;

/**
 * Long lists are counted up to this many rows: past it the pager says "more than" and asks for a search or a filter,
 * instead of the database counting millions of rows on every page view (issue 11 §4). A display limit, not policy.
 */
export const COUNT_CAP = 10_000;
