export { dialects } from "./dialects.js";
export { dialectNames, findDialect } from "./find-dialect.js";
