import type { ReactNode } from 'react';
import { useMessages } from '../../i18n';
import { QueueList, ScanForm, SignalBar, useScanQueue, type QueuedScan } from '../../ui/scan';
import type { NodeRun } from './api';
import { parcelRef } from './api';
import { nodeMessages } from './nodeMessages';
import { ColdReading, temperatureOf, useRefreshOnAnswer } from './workspace';

export interface ScanRequest {
  path: string;
  body: Record<string, unknown>;
  action: string;
}

/**
 * A scan screen's working part: the scan field (typed, hand scanner, camera), the signal and what waits, and the
 * scans taken on this device with their answers — each scan kept on the device and sent with its own
 * Idempotency-Key (ui/scan/scanQueue), so a dropped connection loses nothing and applies nothing twice.
 */
export function ScanStation({
  scope,
  request,
  disabled,
  detail,
  children,
}: {
  scope: string;
  /** The call a scanned code makes (null: nothing to scan into yet, e.g. no run chosen). */
  request: (ref: Record<string, unknown>) => ScanRequest | null;
  disabled?: boolean;
  /** What to show of a sent scan's answer (a waybill number, a shelf). */
  detail?: (scan: QueuedScan) => ReactNode;
  children?: ReactNode;
}) {
  const n = useMessages(nodeMessages);
  const queue = useScanQueue(scope);
  useRefreshOnAnswer(queue.scans);
  const scan = async (code: string): Promise<boolean> => {
    const ref = parcelRef(code);
    const call = request(ref);
    if (!call) {
      return false;
    }
    await queue.enqueue({
      service: 'logistics',
      path: call.path,
      body: call.body,
      action: call.action,
      label: 'parcelCode' in ref ? ref.parcelCode : ref.shipmentId,
    });
    return true;
  };
  return (
    <>
      <SignalBar queue={queue} />
      <ScanForm
        name="parcel-code"
        label={n.parcelCodeLabel}
        placeholder="360722-7KQ2M9XA"
        submitLabel={n.scanSubmit}
        busy={Boolean(disabled)}
        onScan={scan}
      >
        {children}
      </ScanForm>
      <h2>{n.scansHere}</h2>
      <QueueList scans={queue.scans} actionLabel={n.action} detail={detail} />
    </>
  );
}

/** The scan field for one run's parcels (load, unload, hand to the van), with the cold-chain reading. */
export function RunScanStation({
  scope,
  run,
  path,
  action,
  temperature,
  onTemperature,
}: {
  scope: string;
  run: NodeRun | undefined;
  path: (runId: string) => string;
  action: string;
  temperature: string;
  onTemperature: (value: string) => void;
}) {
  return (
    <ScanStation
      scope={scope}
      request={(ref) =>
        run ? { path: path(run.id), body: { ...ref, temperatureC: temperatureOf(temperature) }, action } : null
      }
      disabled={!run}
    >
      <ColdReading value={temperature} onChange={onTemperature} />
    </ScanStation>
  );
}
