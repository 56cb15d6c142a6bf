import { config } from 'zod';

// The CSP forbids eval. Zod probes for it (new Function) the first time it parses an object unless told not to,
// and some contract modules parse while they load, so this must run before any of them: main.tsx imports it first.
config({ jitless: true });
