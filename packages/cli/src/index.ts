export { ExitError } from './exit-error.js';
export { createProgram, main } from './main.js';
