export * from './agreement-stats.js';
