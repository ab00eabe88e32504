import { useState } from 'react';
import { useMessages } from '../../../i18n';
import { Page } from '../../../ui';
import { useNode } from '../node';
import { nodeMessages } from '../nodeMessages';
import { ScanStation } from '../scanStation';
import { ColdReading, NodeParcelList, RunSelect, temperatureOf, useRunChoice, useWorkspace } from '../workspace';

/** A village point or town station hands produce (and returns) to the van that stops there, parcel by parcel. */
export function ToVanPage() {
  const n = useMessages(nodeMessages);
  const { current } = useNode();
  const nodeId = current.node.id;
  const workspace = useWorkspace();
  const { runs, run, choose } = useRunChoice(workspace.data, (candidate) => candidate.status === 'dispatched');
  const [temperature, setTemperature] = useState('');
  const waiting = (workspace.data?.mustGoOut ?? []).filter((parcel) => parcel.nextMove === 'run');
  return (
    <Page title={n.toVanTitle}>
      <p className="muted small">{n.toVanIntro}</p>
      <RunSelect runs={runs} run={run} choose={choose} />
      <ScanStation
        scope={`node:${nodeId}:to-van`}
        request={(ref) =>
          run
            ? {
                path: `/runs/${run.id}/stops/${nodeId}/collections`,
                body: { ...ref, temperatureC: temperatureOf(temperature) },
                action: 'collect',
              }
            : null
        }
        disabled={!run}
      >
        <ColdReading value={temperature} onChange={setTemperature} />
      </ScanStation>
      <h2>
        {n.toVanList}
        <span className="op-section-count">{waiting.length}</span>
      </h2>
      <NodeParcelList parcels={waiting} />
    </Page>
  );
}
