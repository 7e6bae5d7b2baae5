import { _adapters } from 'chart.js';
import 'chartjs-adapter-date-fns';

/**
 * A Date whose "local" calendar is UTC. date-fns computes with the local getters and setters of
 * the date it is given, so handing it a UTCDate makes ticks, labels and tooltips UTC whatever
 * the browser's time zone.
 */
export class UTCDate extends Date {
  override getFullYear() { return this.getUTCFullYear(); }
  override getMonth() { return this.getUTCMonth(); }
  override getDate() { return this.getUTCDate(); }
  override getDay() { return this.getUTCDay(); }
  override getHours() { return this.getUTCHours(); }
  override getMinutes() { return this.getUTCMinutes(); }
  override getSeconds() { return this.getUTCSeconds(); }
  override getMilliseconds() { return this.getUTCMilliseconds(); }
  override getTimezoneOffset() { return 0; }
  override setFullYear(...args: [number, number?, number?]) { return this.setUTCFullYear(...(args as [number])); }
  override setMonth(...args: [number, number?]) { return this.setUTCMonth(...(args as [number])); }
  override setDate(date: number) { return this.setUTCDate(date); }
  override setHours(...args: [number, number?, number?, number?]) { return this.setUTCHours(...(args as [number])); }
  override setMinutes(...args: [number, number?, number?]) { return this.setUTCMinutes(...(args as [number])); }
  override setSeconds(...args: [number, number?]) { return this.setUTCSeconds(...(args as [number])); }
  override setMilliseconds(ms: number) { return this.setUTCMilliseconds(ms); }
}

type AdapterFn = (this: unknown, time: number, ...rest: unknown[]) => unknown;
const proto = _adapters._date.prototype as unknown as Record<string, AdapterFn>;
const inUtc = (name: string) => {
  const original = proto[name];
  return function (this: unknown, time: number, ...rest: unknown[]) {
    return original.call(this, new UTCDate(time) as unknown as number, ...rest);
  };
};
const originalDiff = proto['diff'];
_adapters._date.override({
  format: inUtc('format'),
  add: inUtc('add'),
  diff: function (this: unknown, max: number, min: number, unit: unknown) {
    return originalDiff.call(this, new UTCDate(max) as unknown as number, new UTCDate(min), unit);
  },
  startOf: inUtc('startOf'),
  endOf: inUtc('endOf'),
} as never);
