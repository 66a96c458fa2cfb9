/** Rows per page of every list (client-safe: the pager needs it after hydration). */
export const PAGE_SIZE = 50;
