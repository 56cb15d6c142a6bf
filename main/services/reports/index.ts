export { funnel, velocity } from './funnel.js';
export { offers } from './offers.js';
export { reasons } from './reasons.js';
export { lift, calibration } from './lift.js';
export { sla } from './sla.js';
