/*
 * The driver's calls (logistics, apps/logistics/src/run): my runs today and one run, stop by stop, with each
 * parcel's done mark. Drops, collections, readings and "run complete" go through the device's scan queue.
 */

import { api } from '../../api';

export interface DriverParcel {
  shipmentId: string;
  parcelCode: string;
  weightGrams: number;
  volumeMl: number;
  cold: boolean;
  /** Already scanned (dropped here or collected here). */
  done?: boolean;
}

export interface DriverStop {
  seq: number;
  nodeId: string;
  nodeCode: string;
  nodeName: string;
  drop: DriverParcel[];
  collect: DriverParcel[];
}

export interface DriverRun {
  id: string;
  countyCode: string;
  runDate: string;
  vehiclePlate: string;
  refrigerated: boolean;
  trip: number;
  status: 'planned' | 'dispatched' | 'completed';
  cold: boolean;
  distanceKm: number;
  stops: DriverStop[];
}

const enc = encodeURIComponent;

export const driverApi = {
  myRuns: (signal?: AbortSignal) => api.get<DriverRun[]>('logistics', '/driver/runs', undefined, { signal }),
  run: (id: string, signal?: AbortSignal) => api.get<DriverRun>('logistics', `/runs/${enc(id)}`, undefined, { signal }),
};

export const runScope = (runId: string): string => `run:${runId}`;
