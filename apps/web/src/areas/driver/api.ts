/*
 * The driver's calls (logistics, apps/logistics/src/run): my runs today and one run, stop by stop, with each
 * parcel's done mark. Drops, collections, readings and "run complete" go through the device's scan queue.
 */

import { api, type Schemas } from '../../api';

/** A run with its stops in order; each parcel's `state`: waiting, on board, done. */
export type DriverRun = Schemas['LogisticsRunResponseDto'];
export type DriverStop = Schemas['LogisticsRunStopDto'];
export type DriverParcel = Schemas['LogisticsManifestParcelDto'];

const enc = encodeURIComponent;

export const driverApi = {
  myRuns: (signal?: AbortSignal) => api.get<DriverRun[]>('logistics', '/driver/runs', undefined, { signal }),
  run: (id: string, signal?: AbortSignal) => api.get<DriverRun>('logistics', `/runs/${enc(id)}`, undefined, { signal }),
};

export const runScope = (runId: string): string => `run:${runId}`;
