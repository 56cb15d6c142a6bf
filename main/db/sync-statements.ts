// Sync's repositories import the shared per-connection statement cache from here.
export { stmt } from './statements.js';
