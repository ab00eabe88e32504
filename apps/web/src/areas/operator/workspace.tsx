import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useFormat, useMessages } from '../../i18n';
import { ErrorState, SelectField, TextField, useApi } from '../../ui';
import type { QueuedScan } from '../../ui/scan';
import { operatorApi, type NodeException, type NodeLevel, type NodeParcel, type NodeRun, type Workspace } from './api';
import { operatorMessages } from './messages';
import { useNode } from './node';
import { nodeMessages } from './nodeMessages';

/** The workspace of the node being worked (what is here, due in, must go out, exceptions, runs, the day). */
export function useWorkspace() {
  const { current } = useNode();
  const nodeId = current.node.id;
  return useApi(['operator', 'workspace', nodeId], (signal) => operatorApi.workspace(nodeId, signal));
}

/** Refetches the workspace whenever one of the device's scans got its answer. */
export function useRefreshOnAnswer(scans: QueuedScan[]): void {
  const queryClient = useQueryClient();
  const answered = scans.filter((scan) => scan.state !== 'waiting').length;
  useEffect(() => {
    if (answered > 0) {
      void queryClient.invalidateQueries({ queryKey: ['operator', 'workspace'] });
    }
  }, [answered, queryClient]);
}

/** A temperature typed as "3,5" or "-18": a number, or undefined when empty. */
export const temperatureOf = (text: string): number | undefined => {
  const value = Number(text.replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(value) ? value : undefined;
};

/** The cold-chain reading sent with scans of chilled or frozen goods (hidden until opened). */
export function ColdReading({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const t = useMessages(operatorMessages);
  return (
    <details className="op-details">
      <summary>{t.coldChain}</summary>
      <TextField
        label={t.temperatureLabel}
        hint={t.temperatureHint}
        name="temperatureC"
        inputMode="decimal"
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </details>
  );
}

/** What happens to the parcel next, in words. */
function NextMove({ parcel }: { parcel: NodeParcel }) {
  const n = useMessages(nodeMessages);
  switch (parcel.nextMove) {
    case 'run':
      return <>{parcel.vehiclePlate ? n.nextRun(parcel.vehiclePlate) : n.nextWaitingRun}</>;
    case 'carrier':
      return <>{n.nextCarrier}</>;
    case 'pickup':
      return <>{n.nextPickup}</>;
    default:
      return null;
  }
}

/** One parcel of the workspace: code, where it goes, what happens next, a link to print its label. */
export function NodeParcelList({ parcels, extra }: { parcels: NodeParcel[]; extra?: (p: NodeParcel) => ReactNode }) {
  const t = useMessages(operatorMessages);
  const n = useMessages(nodeMessages);
  const f = useFormat();
  if (parcels.length === 0) {
    return <p className="muted small">{n.nothingHere}</p>;
  }
  return (
    <ul className="op-parcels">
      {parcels.map((parcel) => (
        <li
          key={parcel.shipmentId}
          className="op-parcel"
          data-testid="node-parcel"
          data-parcel-code={parcel.parcelCode}
        >
          <div className="spread">
            <strong className="op-parcel-code">{parcel.parcelCode}</strong>
            <Link className="small" to={`/operator/labels/${encodeURIComponent(parcel.parcelCode)}`}>
              {n.label}
            </Link>
          </div>
          <div className="spread small">
            <span>{parcel.destinationName ?? parcel.recipientName}</span>
            <span className="muted">
              {f.grams(parcel.weightGrams)}
              {parcel.temperatureClass !== 'ambient' && ` · ${t.temperatureClass(parcel.temperatureClass)}`}
            </span>
          </div>
          <div className="small muted">
            <NextMove parcel={parcel} />
          </div>
          {extra?.(parcel)}
        </li>
      ))}
    </ul>
  );
}

export function RunLine({ run }: { run: NodeRun }) {
  const n = useMessages(nodeMessages);
  return (
    <li data-testid="node-run" data-run-id={run.id}>
      <div className="spread">
        <strong>{n.runLine(run.vehiclePlate, run.trip)}</strong>
        <span className={`tag ${run.status === 'completed' ? 'tag-muted' : 'tag-good'}`}>
          {n.runStatus(run.status)}
        </span>
      </div>
      <div className="small">{n.runCounts(run.stops, run.drops, run.collects)}</div>
      {(run.dropsHere > 0 || run.collectsHere > 0) && (
        <div className="small muted">{n.runHere(run.dropsHere, run.collectsHere)}</div>
      )}
      {run.cold && <span className="tag tag-warn">{n.cold}</span>}
    </li>
  );
}

/** Picks one of the day's runs (remembered while the page is open); the first open one by default. */
export function useRunChoice(workspace: Workspace | undefined, open: (run: NodeRun) => boolean) {
  const runs = (workspace?.runs ?? []).filter(open);
  const [chosen, setChosen] = useState<string>();
  const run = runs.find((candidate) => candidate.id === chosen) ?? runs[0];
  return { runs, run, choose: setChosen };
}

export function RunSelect({
  runs,
  run,
  choose,
}: {
  runs: NodeRun[];
  run: NodeRun | undefined;
  choose: (id: string) => void;
}) {
  const n = useMessages(nodeMessages);
  if (runs.length === 0) {
    return <p className="notice">{n.noRun}</p>;
  }
  return (
    <SelectField label={n.chooseRun} name="run" value={run?.id ?? ''} onChange={(event) => choose(event.target.value)}>
      {runs.map((candidate) => (
        <option key={candidate.id} value={candidate.id}>
          {n.runLine(candidate.vehiclePlate, candidate.trip)} · {n.runStatus(candidate.status)}
        </option>
      ))}
    </SelectField>
  );
}

/** The node's open exceptions; with `onResolve`, each with its "已处理" button. */
export function ExceptionList({
  exceptions,
  onResolve,
}: {
  exceptions: NodeException[];
  onResolve?: (exceptionId: string) => void;
}) {
  const n = useMessages(nodeMessages);
  if (exceptions.length === 0) {
    return <p className="muted small">{n.nothingHere}</p>;
  }
  return (
    <ul className="op-parcels">
      {exceptions.map((exception) => (
        <li key={exception.id} className="op-parcel" data-testid="node-exception">
          <div className="spread">
            <strong className="op-parcel-code">{exception.parcelCode}</strong>
            <span className="tag tag-bad">{n.exceptionKind(exception.kind)}</span>
          </div>
          {exception.note && <p className="small">{exception.note}</p>}
          {onResolve && (
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => onResolve(exception.id)}
            >
              {n.resolve}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * The node's day at a glance: counts of what is here, due in, must go out and the open exceptions, the day's
 * scans, the runs, then each list.
 */
export function WorkspaceView({ workspace, level }: { workspace: Workspace; level: NodeLevel }) {
  const n = useMessages(nodeMessages);
  const open = workspace.exceptions.filter((exception) => !exception.resolvedAt);
  const tiles = [
    { key: 'atNode', label: n.atNode, count: workspace.atNode.length, tone: '' },
    { key: 'dueIn', label: n.dueIn, count: workspace.dueIn.length, tone: '' },
    { key: 'mustGoOut', label: n.mustGoOut, count: workspace.mustGoOut.length, tone: '' },
    { key: 'exceptions', label: n.exceptions, count: open.length, tone: 'op-tile-bad' },
  ];
  const day = workspace.day;
  const dayFigures = [
    { label: n.dayArrived, value: day.arrived },
    { label: n.dayDeparted, value: day.departed },
    { label: n.dayToCarrier, value: day.handedToCarrier },
    { label: n.dayExceptions, value: day.exceptions },
  ];
  if (level === 'village_point') {
    dayFigures.splice(
      2,
      1,
      { label: n.dayShelved, value: day.shelved },
      { label: n.dayCollected, value: day.collected },
    );
  }
  return (
    <>
      <ul className="op-tiles">
        {tiles.map((tile) => (
          <li key={tile.key}>
            <a
              href={`#ws-${tile.key}`}
              className={`op-tile ${tile.count ? tile.tone : ''}`}
              data-testid={`ws-${tile.key}`}
            >
              <span className="op-tile-number">{tile.count}</span>
              <span className="op-tile-label">{tile.label}</span>
            </a>
          </li>
        ))}
      </ul>
      <h2>{n.theDay}</h2>
      <ul className="op-day" data-testid="ws-day">
        {dayFigures.map((figure) => (
          <li key={figure.label}>
            <strong>{figure.value}</strong>
            <span>{figure.label}</span>
          </li>
        ))}
      </ul>
      <h2>{n.runsToday}</h2>
      {workspace.runs.length === 0 ? (
        <p className="muted small">{n.noRunsToday}</p>
      ) : (
        <ul className="op-runs">
          {workspace.runs.map((run) => (
            <RunLine key={run.id} run={run} />
          ))}
        </ul>
      )}
      <h2 id="ws-atNode">
        {n.atNode}
        <span className="op-section-count">{workspace.atNode.length}</span>
      </h2>
      <NodeParcelList parcels={workspace.atNode} />
      <h2 id="ws-dueIn">
        {n.dueIn}
        <span className="op-section-count">{workspace.dueIn.length}</span>
      </h2>
      <NodeParcelList parcels={workspace.dueIn} />
      <h2 id="ws-mustGoOut">
        {n.mustGoOut}
        <span className="op-section-count">{workspace.mustGoOut.length}</span>
      </h2>
      <NodeParcelList parcels={workspace.mustGoOut} />
      <h2 id="ws-exceptions">
        {n.openExceptions}
        <span className="op-section-count">{open.length}</span>
      </h2>
      <ExceptionList exceptions={open} />
      <p>
        <Link to="/operator/exceptions">{n.exceptionsTitle} →</Link>
      </p>
    </>
  );
}

/** The workspace, loading and failing in its own place (the rest of the page keeps working). */
export function WorkspaceSection() {
  const { current } = useNode();
  const workspace = useWorkspace();
  if (workspace.error !== undefined) {
    return <ErrorState error={workspace.error} onRetry={workspace.reload} />;
  }
  return workspace.data ? (
    <WorkspaceView workspace={workspace.data} level={current.node.level} />
  ) : (
    <p className="muted">…</p>
  );
}
