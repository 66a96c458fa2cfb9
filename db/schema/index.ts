export * from "./org";
export * from "./enterprise";
export * from "./audit";
export * from "./ledger";
export * from "./xdt";
export * from "./xdt-banks";
export * from "./xdt-loans";
export * from "./xdt-claims";
