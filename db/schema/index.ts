export * from "./org";
export * from "./enterprise";
export * from "./audit";
export * from "./ledger";
export * from "./xdt";
