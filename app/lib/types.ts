/**
 * The page data of a loader that may also answer with a file (exports return a Response): the type
 * useLoaderData should see is the data branch only. Usage: useLoaderData<PageLoader<typeof loader>>().
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PageLoader<L extends (...args: any[]) => unknown> = () => Promise<Exclude<Awaited<ReturnType<L>>, Response>>;
