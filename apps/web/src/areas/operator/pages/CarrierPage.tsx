import { useState } from 'react';
import { useMessages } from '../../../i18n';
import { Page, TextField } from '../../../ui';
import type { CarrierHandover } from '../api';
import { useNode } from '../node';
import { nodeMessages } from '../nodeMessages';
import { ScanStation } from '../scanStation';
import { ColdReading, NodeParcelList, temperatureOf, useWorkspace } from '../workspace';

/**
 * The hub hands city-bound parcels to the express carrier, parcel by parcel, each with the number on the carrier's
 * waybill (scanned or typed first; the simulator makes one up when it is left empty).
 */
export function CarrierPage() {
  const n = useMessages(nodeMessages);
  const { current } = useNode();
  const nodeId = current.node.id;
  const workspace = useWorkspace();
  const [temperature, setTemperature] = useState('');
  const [waybillNo, setWaybillNo] = useState('');
  const forCarrier = (workspace.data?.mustGoOut ?? []).filter((parcel) => parcel.nextMove === 'carrier');
  return (
    <Page title={n.carrierTitle}>
      <p className="muted small">{n.carrierIntro}</p>
      <TextField
        label={n.waybillLabel}
        hint={n.waybillHint}
        name="waybillNo"
        autoComplete="off"
        value={waybillNo}
        onChange={(event) => setWaybillNo(event.target.value.trim())}
      />
      <ScanStation
        scope={`node:${nodeId}:carrier`}
        request={(ref) => {
          // one waybill per parcel: the field empties for the next
          setWaybillNo('');
          return {
            path: `/nodes/${nodeId}/carrier-handovers`,
            body: { ...ref, temperatureC: temperatureOf(temperature), ...(waybillNo && { waybillNo }) },
            action: 'carrier',
          };
        }}
        detail={(scan) => {
          const handover = scan.result as CarrierHandover | undefined;
          return (
            handover && (
              <p className="op-waybill" data-testid="waybill">
                {n.waybillOf(handover.carrier, handover.waybillNo)}
              </p>
            )
          );
        }}
      >
        <ColdReading value={temperature} onChange={setTemperature} />
      </ScanStation>
      <h2>
        {n.toCarrier}
        <span className="op-section-count">{forCarrier.length}</span>
      </h2>
      <NodeParcelList parcels={forCarrier} />
    </Page>
  );
}
