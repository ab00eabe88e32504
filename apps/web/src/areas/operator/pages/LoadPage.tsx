import { useState } from 'react';
import { api } from '../../../api';
import { useMessages } from '../../../i18n';
import { Page, ProblemMessage } from '../../../ui';
import { useNode } from '../node';
import { nodeMessages } from '../nodeMessages';
import { RunScanStation } from '../scanStation';
import { NodeParcelList, RunSelect, temperatureOf, useRunChoice, useWorkspace } from '../workspace';

/**
 * The hub loads a van: the run chosen, each parcel scanned onto it (a parcel of another run is refused with the
 * reason), then the van is dispatched.
 */
export function LoadPage() {
  const n = useMessages(nodeMessages);
  const { current } = useNode();
  const workspace = useWorkspace();
  const { runs, run, choose } = useRunChoice(workspace.data, (candidate) => candidate.status !== 'completed');
  const [temperature, setTemperature] = useState('');
  const [dispatching, setDispatching] = useState(false);
  const [error, setError] = useState<unknown>();
  const dispatch = async () => {
    if (!run) {
      return;
    }
    setDispatching(true);
    setError(undefined);
    try {
      await api.post('logistics', `/runs/${run.id}/dispatch`, { temperatureC: temperatureOf(temperature) });
      workspace.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setDispatching(false);
    }
  };
  const toLoad = (workspace.data?.mustGoOut ?? []).filter((parcel) => run && parcel.runId === run.id);
  return (
    <Page title={n.loadTitle}>
      <p className="muted small">{n.loadIntro}</p>
      <RunSelect runs={runs} run={run} choose={choose} />
      <RunScanStation
        scope={`node:${current.node.id}:load`}
        run={run}
        path={(runId) => `/runs/${runId}/load`}
        action="load"
        temperature={temperature}
        onTemperature={setTemperature}
      />
      {run && (
        <>
          <h2>
            {n.toLoad}
            <span className="op-section-count">{toLoad.length}</span>
          </h2>
          <NodeParcelList parcels={toLoad} />
          {run.status === 'planned' ? (
            <button
              type="button"
              className="button button-block op-button-big"
              disabled={dispatching}
              aria-busy={dispatching || undefined}
              onClick={() => void dispatch()}
            >
              {n.dispatch}
            </button>
          ) : (
            <p className="notice">{n.dispatched}</p>
          )}
          <ProblemMessage error={error} />
        </>
      )}
    </Page>
  );
}
