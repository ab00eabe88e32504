import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useMessages } from '../../../i18n';
import {
  AsyncView,
  EmptyState,
  fieldsByApiName,
  Page,
  ProblemMessage,
  SelectField,
  setServerErrors,
  SubmitButton,
  TextField,
  useApi,
} from '../../../ui';
import { countyApi, type NetworkNode, type Route, type RouteKind, type Vehicle } from '../api';
import { ConfirmAction, Notice, ScrollTable, toggled } from '../components';
import { useCounty } from '../CountyLayout';
import { countyMessages } from '../messages';
import { NetworkNav, WEEKDAYS } from '../network';

interface RouteDraft {
  name: string;
  kind: RouteKind;
  vehicleId: string;
  weekdays: number[];
  /** In the order they were ticked: the order the route visits them. */
  nodeIds: string[];
  /** A scheduled bus's departure time at each stop. */
  departs: Record<string, string>;
}

/** The API's fields beside the form's; a timetable's problems are shown under the stops. */
const routeFieldOf = fieldsByApiName<RouteDraft>({
  name: 'name',
  kind: 'kind',
  vehicleId: 'vehicleId',
  weekdays: 'weekdays',
  nodeIds: 'nodeIds',
  timetable: 'nodeIds',
});

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
  const { register, handleSubmit, watch, setValue, getValues, reset, setError, formState } = useForm<RouteDraft>({
    defaultValues: {
      name: '',
      kind: 'run',
      vehicleId: vehicles[0]?.id ?? '',
      weekdays: [1, 3, 5],
      nodeIds: [],
      departs: {},
    },
  });
  const save = useMutation({
    mutationFn: (draft: RouteDraft) =>
      countyApi.logistics.createRoute({
        name: draft.name.trim(),
        kind: draft.kind,
        vehicleId: draft.vehicleId,
        weekdays: [...draft.weekdays].sort(),
        nodeIds: draft.nodeIds,
        ...(draft.kind === 'scheduled_bus'
          ? { timetable: draft.nodeIds.map((nodeId) => ({ nodeId, departs: draft.departs[nodeId] ?? '' })) }
          : {}),
      }),
    onSuccess: (route) => {
      reset({ ...getValues(), name: '', nodeIds: [] });
      onDone(route);
    },
    onError: (failure) => setServerErrors(setError, failure, routeFieldOf),
  });
  const [kind, weekdays, nodeIds, departs] = watch(['kind', 'weekdays', 'nodeIds', 'departs']);
  const errors = formState.errors;
  const stops = nodes
    .filter((node) => node.level !== 'county_hub' && node.active)
    .sort((a, b) => a.code.localeCompare(b.code));
  return (
    <form
      className="form card"
      onSubmit={(event) => void handleSubmit((draft) => save.mutate(draft))(event)}
      noValidate
    >
      <h2>{t.routeAdd}</h2>
      <div className="grid grid-3">
        <TextField label={t.routeName} required error={errors.name?.message} {...register('name')} />
        <SelectField
          label={t.routeKind}
          hint={kind === 'scheduled_bus' ? t.busHint : undefined}
          error={errors.kind?.message}
          {...register('kind')}
        >
          <option value="run">{t.routeKindName('run')}</option>
          <option value="scheduled_bus">{t.routeKindName('scheduled_bus')}</option>
        </SelectField>
        <SelectField label={t.vehicle} required error={errors.vehicleId?.message} {...register('vehicleId')}>
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
                onChange={(event) => setValue('weekdays', toggled(getValues('weekdays'), day, event.target.checked))}
              />
              <span>{t.weekday(day)}</span>
            </label>
          ))}
        </div>
        {errors.weekdays?.message && <p className="field-error">{errors.weekdays.message}</p>}
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
                        setValue('nodeIds', toggled(getValues('nodeIds'), node.id, event.target.checked))
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
                        onChange={(event) =>
                          setValue('departs', { ...getValues('departs'), [node.id]: event.target.value })
                        }
                      />
                    </label>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {errors.nodeIds?.message && <p className="field-error">{errors.nodeIds.message}</p>}
      </fieldset>
      <ProblemMessage error={save.error} />
      <SubmitButton busy={save.isPending} busyLabel={t.saving} disabled={vehicles.length === 0}>
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
