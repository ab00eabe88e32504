import { useState } from 'react';
import { useMessages } from '../../../i18n';
import { Page, SelectField } from '../../../ui';
import { useNode } from '../node';
import { nodeMessages } from '../nodeMessages';
import { ScanStation } from '../scanStation';
import { ColdReading, NodeParcelList, temperatureOf, useWorkspace } from '../workspace';

const SOURCES = ['point', 'run', 'carrier', 'seller'] as const;

/** Hub or town station: scan in what comes from village points, vans, the carrier and sellers in town. */
export function ArrivalsPage() {
  const n = useMessages(nodeMessages);
  const { current } = useNode();
  const nodeId = current.node.id;
  const workspace = useWorkspace();
  const [source, setSource] = useState<(typeof SOURCES)[number]>('point');
  const [temperature, setTemperature] = useState('');
  const sourceLabel = { point: n.sourcePoint, run: n.sourceRun, carrier: n.sourceCarrier, seller: n.sourceSeller };
  return (
    <Page title={n.arrivalsTitle}>
      <p className="muted small">{n.arrivalsIntro}</p>
      <SelectField
        label={n.arrivalSource}
        name="source"
        value={source}
        onChange={(event) => setSource(event.target.value as (typeof SOURCES)[number])}
      >
        {SOURCES.map((value) => (
          <option key={value} value={value}>
            {sourceLabel[value]}
          </option>
        ))}
      </SelectField>
      <ScanStation
        scope={`node:${nodeId}:arrivals`}
        request={(ref) => ({
          path: `/nodes/${nodeId}/arrivals`,
          body: { ...ref, source, temperatureC: temperatureOf(temperature) },
          action: 'arrived',
        })}
      >
        <ColdReading value={temperature} onChange={setTemperature} />
      </ScanStation>
      <h2>{n.dueIn}</h2>
      {workspace.data && <NodeParcelList parcels={workspace.data.dueIn} />}
    </Page>
  );
}
