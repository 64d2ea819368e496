export { LoomError, isLoomError, formatLocation, formatLoomError } from './loom-error.js';
export type { Location, LoomErrorOptions } from './loom-error.js';
