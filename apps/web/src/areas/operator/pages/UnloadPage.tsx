import { useState } from 'react';
import { useMessages } from '../../../i18n';
import { Page } from '../../../ui';
import { useScanQueue } from '../../../ui/scan';
import { useNode } from '../node';
import { nodeMessages } from '../nodeMessages';
import { RunScanStation } from '../scanStation';
import { NodeParcelList, RunSelect, temperatureOf, useRunChoice, useWorkspace } from '../workspace';

/** The hub receives a van back: each collected parcel scanned off the van, then the run completed. */
export function UnloadPage() {
  const n = useMessages(nodeMessages);
  const { current } = useNode();
  const workspace = useWorkspace();
  const { runs, run, choose } = useRunChoice(workspace.data, (candidate) => candidate.status === 'dispatched');
  const [temperature, setTemperature] = useState('');
  const scope = `node:${current.node.id}:unload`;
  const queue = useScanQueue(scope);
  const onVan = (workspace.data?.dueIn ?? []).filter((parcel) => run && parcel.runId === run.id);
  const complete = () =>
    run &&
    void queue.enqueue({
      service: 'logistics',
      path: `/runs/${run.id}/complete`,
      body: { temperatureC: temperatureOf(temperature) },
      action: 'complete',
      label: run.vehiclePlate,
    });
  return (
    <Page title={n.unloadTitle}>
      <p className="muted small">{n.unloadIntro}</p>
      <RunSelect runs={runs} run={run} choose={choose} />
      <RunScanStation
        scope={scope}
        run={run}
        path={(runId) => `/runs/${runId}/unload`}
        action="unload"
        temperature={temperature}
        onTemperature={setTemperature}
      />
      {run && (
        <>
          <h2>
            {n.toUnload}
            <span className="op-section-count">{onVan.length}</span>
          </h2>
          <NodeParcelList parcels={onVan} />
          <button type="button" className="button button-block op-button-big" onClick={complete}>
            {n.completeRun}
          </button>
        </>
      )}
    </Page>
  );
}
