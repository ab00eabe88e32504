import { useState } from 'react';
import { useMessages } from '../../../i18n';
import { Page } from '../../../ui';
import { useNode } from '../node';
import { nodeMessages } from '../nodeMessages';
import { RunScanStation } from '../scanStation';
import { NodeParcelList, RunSelect, useRunChoice, useWorkspace } from '../workspace';

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
      <RunScanStation
        scope={`node:${nodeId}:to-van`}
        run={run}
        path={(runId) => `/runs/${runId}/stops/${nodeId}/collections`}
        action="collect"
        temperature={temperature}
        onTemperature={setTemperature}
      />
      <h2>
        {n.toVanList}
        <span className="op-section-count">{waiting.length}</span>
      </h2>
      <NodeParcelList parcels={waiting} />
    </Page>
  );
}
