// Placeholder replaced below by the database template builder.
export default async function setup() {}
