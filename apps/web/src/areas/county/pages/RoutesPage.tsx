import { useState, type FormEvent } from 'react';
import { fieldErrorOf } from '../../../api';
import { useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, ProblemMessage, SelectField, SubmitButton, TextField, useApi } from '../../../ui';
import { countyApi, type NetworkNode, type Route, type RouteKind, type Vehicle } from '../api';
import { ConfirmAction, Notice, ScrollTable } from '../components';
import { useCounty } from '../CountyLayout';
import { countyMessages } from '../messages';
import { NetworkNav, WEEKDAYS } from '../network';

function RouteForm({
  vehicles,
  nodes,
  onDone,
}: {
  vehicles: Vehicle[];
  nodes: NetworkNode[];
  onDone: (route: Route) => void;
}) {
  const t = useMessages(countyMessages);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<RouteKind>('run');
  const [vehicleId, setVehicleId] = useState(vehicles[0]?.id ?? '');
  const [weekdays, setWeekdays] = useState<number[]>([1, 3, 5]);
  const [nodeIds, setNodeIds] = useState<string[]>([]);
  const [departs, setDeparts] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const fieldError = (field: string) => fieldErrorOf(error, field);
  const stops = nodes
    .filter((node) => node.level !== 'county_hub' && node.active)
    .sort((a, b) => a.code.localeCompare(b.code));
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const route = await countyApi.logistics.createRoute({
        name: name.trim(),
        kind,
        vehicleId,
        weekdays: [...weekdays].sort(),
        nodeIds,
        ...(kind === 'scheduled_bus'
          ? { timetable: nodeIds.map((nodeId) => ({ nodeId, departs: departs[nodeId] ?? '' })) }
          : {}),
      });
      setName('');
      setNodeIds([]);
      onDone(route);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate>
      <h2>{t.routeAdd}</h2>
      <div className="grid grid-3">
        <TextField
          label={t.routeName}
          name="name"
          required
          value={name}
          error={fieldError('name')}
          onChange={(event) => setName(event.target.value)}
        />
        <SelectField
          label={t.routeKind}
          name="kind"
          value={kind}
          hint={kind === 'scheduled_bus' ? t.busHint : undefined}
          onChange={(event) => setKind(event.target.value as RouteKind)}
        >
          <option value="run">{t.routeKindName('run')}</option>
          <option value="scheduled_bus">{t.routeKindName('scheduled_bus')}</option>
        </SelectField>
        <SelectField
          label={t.vehicle}
          name="vehicleId"
          required
          value={vehicleId}
          error={fieldError('vehicleId')}
          onChange={(event) => setVehicleId(event.target.value)}
        >
          {vehicles.map((vehicle) => (
            <option key={vehicle.id} value={vehicle.id}>
              {vehicle.plate} · {t.vehicleKindName(vehicle.kind)}
            </option>
          ))}
        </SelectField>
      </div>
      <fieldset>
        <legend>{t.weekdays}</legend>
        <div className="row">
          {WEEKDAYS.map((day) => (
            <label key={day} className="choice">
              <input
                type="checkbox"
                checked={weekdays.includes(day)}
                onChange={(event) =>
                  setWeekdays((current) =>
                    event.target.checked ? [...current, day] : current.filter((other) => other !== day),
                  )
                }
              />
              <span>{t.weekday(day)}</span>
            </label>
          ))}
        </div>
        {fieldError('weekdays') && <p className="field-error">{fieldError('weekdays')}</p>}
      </fieldset>
      <fieldset>
        <legend>{t.routeStops}</legend>
        <p className="field-hint">{t.routeStopsHint}</p>
        {stops.length === 0 ? (
          <p className="muted">{t.noStopsYet}</p>
        ) : (
          <ul className="plain-list stop-choices">
            {stops.map((node) => {
              const checked = nodeIds.includes(node.id);
              return (
                <li key={node.id} className={node.level === 'village_point' ? 'indent' : ''}>
                  <label className="choice">
                    <input
                      type="checkbox"
                      checked={checked}
                      onChange={(event) =>
                        setNodeIds((current) =>
                          event.target.checked ? [...current, node.id] : current.filter((id) => id !== node.id),
                        )
                      }
                    />
                    <span>
                      {node.name} <code>{node.code}</code>
                    </span>
                  </label>
                  {kind === 'scheduled_bus' && checked && (
                    <label className="inline-field">
                      {t.departs}{' '}
                      <input
                        type="time"
                        value={departs[node.id] ?? ''}
                        onChange={(event) => setDeparts((current) => ({ ...current, [node.id]: event.target.value }))}
                      />
                    </label>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {fieldError('nodeIds') && <p className="field-error">{fieldError('nodeIds')}</p>}
      </fieldset>
      <ProblemMessage error={error} />
      <SubmitButton busy={busy} busyLabel={t.saving} disabled={vehicles.length === 0}>
        {t.routeAddSubmit}
      </SubmitButton>
    </form>
  );
}

export function RoutesPage() {
  const t = useMessages(countyMessages);
  const { code } = useCounty();
  const view = useApi(['county', 'RoutesPage.all', code], async (signal) => {
    const [routes, vehicles, nodes] = await Promise.all([
      countyApi.logistics.routes(code, signal),
      countyApi.logistics.vehicles(code, signal),
      countyApi.logistics.nodes(code, signal),
    ]);
    return { routes, vehicles, nodes };
  });
  const [notice, setNotice] = useState('');
  return (
    <Page title={t.routesTitle}>
      <NetworkNav />
      <Notice>{notice}</Notice>
      <AsyncView data={view.data} error={view.error} loading={view.loading && !view.data} onRetry={view.reload}>
        {({ routes, vehicles, nodes }) => {
          const plate = (id: string) => vehicles.find((vehicle) => vehicle.id === id)?.plate ?? id;
          const nodeName = (id: string) => nodes.find((node) => node.id === id)?.name ?? id;
          return (
            <>
              <div className="card">
                {routes.length === 0 ? (
                  <EmptyState title={t.noRoutes}>{t.noRoutesBody}</EmptyState>
                ) : (
                  <ScrollTable label={t.routesTitle}>
                    <thead>
                      <tr>
                        <th scope="col">{t.routeName}</th>
                        <th scope="col">{t.routeKind}</th>
                        <th scope="col">{t.vehicle}</th>
                        <th scope="col">{t.weekdays}</th>
                        <th scope="col">{t.routeStops}</th>
                        <th scope="col">{t.state}</th>
                        <th scope="col">
                          <span className="visually-hidden">{t.actions}</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {routes.map((route) => (
                        <tr key={route.id}>
                          <th scope="row">{route.name}</th>
                          <td>{t.routeKindName(route.kind)}</td>
                          <td>{plate(route.vehicleId)}</td>
                          <td>{route.weekdays.map((day) => t.weekday(day)).join(' ')}</td>
                          <td>
                            {route.nodeIds
                              .map((id) => {
                                const time = route.timetable?.find((entry) => entry.nodeId === id)?.departs;
                                return time ? `${nodeName(id)} ${time}` : nodeName(id);
                              })
                              .join('、')}
                          </td>
                          <td>{route.active ? t.active : t.retired}</td>
                          <td>
                            {route.active && (
                              <ConfirmAction
                                label={t.retire}
                                danger
                                question={t.retireQuestion(route.name)}
                                confirmLabel={t.retire}
                                onConfirm={async () => {
                                  await countyApi.logistics.retireRoute(route.id);
                                  setNotice(t.routeRetired(route.name));
                                  view.reload();
                                }}
                              />
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </ScrollTable>
                )}
              </div>
              {vehicles.length === 0 ? (
                <p className="muted">{t.needVehicleFirst}</p>
              ) : (
                <RouteForm
                  vehicles={vehicles.filter((vehicle) => vehicle.active)}
                  nodes={nodes}
                  onDone={(route) => {
                    setNotice(t.routeSaved(route.name));
                    view.reload();
                  }}
                />
              )}
            </>
          );
        }}
      </AsyncView>
    </Page>
  );
}
