/**
 * 资金通 rule book — public API (`#rules`). Pure TypeScript: no I/O, no "today"; every rule takes the date that
 * matters and returns a `Verdict<T>` with findings, citations and a parameter trace. See rules/README.md.
 */
// core
export * from "./core/errors";
export * from "./core/dates";
export * from "./core/money";
export * from "./core/sources";
export * from "./core/cite";
export * from "./core/params";
export * from "./core/verdict";
export * from "./core/event-dates";
// reference data
export * from "./reference/lpr";
export * from "./reference/calendar";
export * from "./reference/credit-code";
export * from "./reference/size-class";
export * from "./reference/regions";
// 信贷通
export * from "./xdt/params";
export * from "./xdt/admission";
export * from "./xdt/claims";
export * from "./xdt/recovery";
export * from "./xdt/risk";
export * from "./xdt/deadlines";
export * from "./xdt/partners";
// 专项资金
export * from "./funds/params";
export * from "./funds/allocation";
export * from "./funds/duplicates";
export * from "./funds/subsidy";
export * from "./funds/projects";
export * from "./funds/applications";
// 绩效
export * from "./perf/performance";
export * from "./perf/region";
