export { ElumentaDecoder } from "./decode-elumenta.js";
export { detectElumenta } from "./detect-elumenta.js";
export type { ElumentaDecodeOptions } from "./elumenta-dialect.js";
export { elumenta } from "./elumenta-dialect.js";
export type { ElumentaEncodeOptions } from "./encode-elumenta.js";
export { ElumentaEncoder } from "./encode-elumenta.js";
export { mapElumentaRequest } from "./map-elumenta-request.js";
