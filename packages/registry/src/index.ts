export {
  type DialectLoader,
  dialectLoaders,
  dialectNames,
  loadDialect,
  loadDialects,
} from "./dialect-loaders.js";
export { dialects } from "./dialects.js";
export { findDialect } from "./find-dialect.js";
