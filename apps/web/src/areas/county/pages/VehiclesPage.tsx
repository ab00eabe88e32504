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
import { countyApi, VEHICLE_KINDS, type Vehicle, type VehicleKind } from '../api';
import { Notice, ScrollTable, useCountyFormat } from '../components';
import { useCounty } from '../CountyLayout';
import { countyMessages } from '../messages';
import { NetworkNav } from '../network';

interface VehicleDraft {
  plate: string;
  name: string;
  kind: VehicleKind;
  capacityKg: string;
  capacityLitres: string;
  refrigerated: boolean;
  active: boolean;
}

/** The form's fields are named as the API's. */
const vehicleFieldOf = fieldsByApiName<VehicleDraft>([
  'plate',
  'name',
  'kind',
  'capacityKg',
  'capacityLitres',
  'refrigerated',
  'active',
]);

function VehicleForm({
  county,
  vehicle,
  onDone,
  onCancel,
}: {
  county: string;
  vehicle: Vehicle | null;
  onDone: (vehicle: Vehicle) => void;
  onCancel?: () => void;
}) {
  const t = useMessages(countyMessages);
  const { register, handleSubmit, getValues, reset, setError, formState } = useForm<VehicleDraft>({
    defaultValues: {
      plate: vehicle?.plate ?? '',
      name: vehicle?.name ?? '',
      kind: vehicle?.kind ?? 'van',
      capacityKg: String(vehicle?.capacityKg ?? 1000),
      capacityLitres: String(vehicle?.capacityLitres ?? 6000),
      refrigerated: vehicle?.refrigerated ?? false,
      active: vehicle?.active ?? true,
    },
  });
  const save = useMutation({
    mutationFn: (draft: VehicleDraft) => {
      const body = {
        name: draft.name.trim(),
        capacityKg: Number(draft.capacityKg),
        capacityLitres: Number(draft.capacityLitres),
        refrigerated: draft.refrigerated,
      };
      return vehicle
        ? countyApi.logistics.updateVehicle(vehicle.id, { ...body, active: draft.active })
        : countyApi.logistics.createVehicle({
            ...body,
            countyCode: county,
            plate: draft.plate.trim(),
            kind: draft.kind,
          });
    },
    onSuccess: (saved) => {
      onDone(saved);
      if (!vehicle) {
        reset({ ...getValues(), plate: '', name: '' });
      }
    },
    onError: (failure) => setServerErrors(setError, failure, vehicleFieldOf),
  });
  const errors = formState.errors;
  return (
    <form
      className="form card"
      onSubmit={(event) => void handleSubmit((draft) => save.mutate(draft))(event)}
      noValidate
    >
      <h2>{vehicle ? t.vehicleEditTitle(vehicle.plate) : t.vehicleAdd}</h2>
      <div className="grid grid-3">
        <TextField
          label={t.plate}
          required
          disabled={Boolean(vehicle)}
          placeholder="赣B·D1234"
          error={errors.plate?.message}
          {...register('plate')}
        />
        <TextField label={t.vehicleName} required error={errors.name?.message} {...register('name')} />
        <SelectField
          label={t.vehicleKind}
          disabled={Boolean(vehicle)}
          error={errors.kind?.message}
          {...register('kind')}
        >
          {VEHICLE_KINDS.map((option) => (
            <option key={option} value={option}>
              {t.vehicleKindName(option)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t.capacityKg}
          type="number"
          min={1}
          max={50000}
          required
          error={errors.capacityKg?.message}
          {...register('capacityKg')}
        />
        <TextField
          label={t.capacityLitres}
          type="number"
          min={1}
          max={200000}
          required
          error={errors.capacityLitres?.message}
          {...register('capacityLitres')}
        />
      </div>
      <label className="choice">
        <input type="checkbox" {...register('refrigerated')} />
        <span>{t.refrigerated}</span>
      </label>
      {vehicle && (
        <label className="choice">
          <input type="checkbox" {...register('active')} />
          <span>{t.vehicleActive}</span>
        </label>
      )}
      <ProblemMessage error={save.error} />
      <div className="row">
        <SubmitButton busy={save.isPending} busyLabel={t.saving}>
          {vehicle ? t.save : t.vehicleAddSubmit}
        </SubmitButton>
        {onCancel && (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t.cancel}
          </button>
        )}
      </div>
    </form>
  );
}

export function VehiclesPage() {
  const t = useMessages(countyMessages);
  const f = useCountyFormat();
  const { code } = useCounty();
  const view = useApi(['county', 'VehiclesPage.vehicles', code], (signal) =>
    countyApi.logistics.vehicles(code, signal),
  );
  const [editing, setEditing] = useState<Vehicle | null>(null);
  const [notice, setNotice] = useState('');
  const saved = (vehicle: Vehicle) => {
    setEditing(null);
    setNotice(t.vehicleSaved(vehicle.plate));
    view.reload();
  };
  return (
    <Page title={t.vehiclesTitle}>
      <NetworkNav />
      <Notice>{notice}</Notice>
      <div className="card">
        <AsyncView
          data={view.data}
          error={view.error}
          loading={view.loading && !view.data}
          onRetry={view.reload}
          isEmpty={(list) => list.length === 0}
          empty={<EmptyState title={t.noVehicles} />}
        >
          {(list) => (
            <ScrollTable label={t.vehiclesTitle}>
              <thead>
                <tr>
                  <th scope="col">{t.plate}</th>
                  <th scope="col">{t.vehicleName}</th>
                  <th scope="col">{t.vehicleKind}</th>
                  <th scope="col">{t.capacity}</th>
                  <th scope="col">{t.refrigerated}</th>
                  <th scope="col">{t.state}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t.actions}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((vehicle) => (
                  <tr key={vehicle.id}>
                    <th scope="row">{vehicle.plate}</th>
                    <td>{vehicle.name}</td>
                    <td>{t.vehicleKindName(vehicle.kind)}</td>
                    <td className="num">{t.capacityValue(f.num(vehicle.capacityKg), f.num(vehicle.capacityLitres))}</td>
                    <td>{vehicle.refrigerated ? t.yes : t.no}</td>
                    <td>{vehicle.active ? t.active : t.inactive}</td>
                    <td>
                      <button
                        type="button"
                        className="button button-small button-secondary"
                        aria-label={t.editNamed(vehicle.plate)}
                        onClick={() => setEditing(vehicle)}
                      >
                        {t.edit}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          )}
        </AsyncView>
      </div>
      {editing ? (
        <VehicleForm
          key={editing.id}
          county={code}
          vehicle={editing}
          onDone={saved}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <VehicleForm county={code} vehicle={null} onDone={saved} />
      )}
    </Page>
  );
}
