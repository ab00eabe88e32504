import { useState } from 'react';
import { useMessages } from '../../../i18n';
import { Page } from '../../../ui';
import { useNode } from '../node';
import { nodeMessages } from '../nodeMessages';
import { RunScanStation } from '../scanStation';
import { NodeParcelList, RunSelect, useRunChoice, useWorkspace } from '../workspace';

/**
 * A town station receives a van as the hub does: the run chosen, each parcel it brings for this station scanned off
 * it (a drop at this stop). A parcel of another run (`wrong-run`) or for another stop (`wrong-stop`) is refused with
 * the reason.
 */
export function FromVanPage() {
  const n = useMessages(nodeMessages);
  const { current } = useNode();
  const nodeId = current.node.id;
  const workspace = useWorkspace();
  const { runs, run, choose } = useRunChoice(workspace.data, (candidate) => candidate.status === 'dispatched');
  const [temperature, setTemperature] = useState('');
  const onVan = (workspace.data?.dueIn ?? []).filter((parcel) => run && parcel.runId === run.id);
  return (
    <Page title={n.fromVanTitle}>
      <p className="muted small">{n.fromVanIntro}</p>
      <RunSelect runs={runs} run={run} choose={choose} />
      <RunScanStation
        scope={`node:${nodeId}:from-van`}
        run={run}
        path={(runId) => `/runs/${runId}/stops/${nodeId}/drops`}
        action="drop"
        temperature={temperature}
        onTemperature={setTemperature}
      />
      {run && (
        <>
          <h2>
            {n.fromVanList}
            <span className="op-section-count">{onVan.length}</span>
          </h2>
          <NodeParcelList parcels={onVan} />
        </>
      )}
    </Page>
  );
}
