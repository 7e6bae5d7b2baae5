import { heatmap, sensitivity, type HeatmapAggregate, type ValuedParams } from '../engine/optimizer/index.ts';

/**
 * On a compute thread (threads/compute.ts): a sweep's rows arrive as the JSON text PostgreSQL
 * aggregated them into (`[[params, value], …]`), decoded and grouped here rather than on the event loop.
 */
const valuedRows = (rowsJson: string): ValuedParams[] => (JSON.parse(rowsJson) as Array<[ValuedParams['params'], number | null]>).map(([params, value]) => ({ params, value }));

export const heatmapOfJson = (rowsJson: string, paramX: string, paramY: string, aggregate: HeatmapAggregate) => heatmap(valuedRows(rowsJson), paramX, paramY, aggregate);

export const sensitivityOfJson = (rowsJson: string, param: string) => sensitivity(valuedRows(rowsJson), param);
