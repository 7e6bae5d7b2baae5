/**
 * `npm run bench`: every benchmark, each printing its figures and ratios against a baseline
 * measured in the same run (never against numbers from another machine or day).
 */
import { benchEngine } from './bench-engine.ts';
import { benchJobs } from './bench-jobs.ts';
import { benchLanguage } from './bench-language.ts';
import { benchLearning } from './bench-learning.ts';
import { benchRecommendations } from './bench-recommendations.ts';
import { benchMarketData } from './bench-market-data.ts';
import { benchUniverses } from './bench-universes.ts';
import { benchSubscribers } from './bench-subscribers.ts';
import { benchStore } from './bench-store.ts';
import { tuneV8ForTheEngine } from '../v8-tuning.ts';

tuneV8ForTheEngine();

console.log(`Candlelab benchmarks — Node ${process.version}, ${new Date().toISOString()}\n`);
await benchEngine();
console.log('');
benchLanguage();
console.log('');
await benchLearning();
console.log('');
await benchMarketData();
console.log('');
await benchJobs();
console.log('');
await benchSubscribers();
console.log('');
await benchUniverses();
console.log('');
await benchStore();
console.log('');
await benchRecommendations();
