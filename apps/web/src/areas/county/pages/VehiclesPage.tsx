import { useState, type FormEvent } from 'react';
import { fieldErrorOf } from '../../../api';
import { useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, ProblemMessage, SelectField, SubmitButton, TextField, useApi } from '../../../ui';
import { countyApi, VEHICLE_KINDS, type Vehicle, type VehicleKind } from '../api';
import { Notice, ScrollTable, useCountyFormat } from '../components';
import { useCounty } from '../CountyLayout';
import { countyMessages } from '../messages';
import { NetworkNav } from '../network';

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
  const [plate, setPlate] = useState(vehicle?.plate ?? '');
  const [name, setName] = useState(vehicle?.name ?? '');
  const [kind, setKind] = useState<VehicleKind>(vehicle?.kind ?? 'van');
  const [capacityKg, setCapacityKg] = useState(String(vehicle?.capacityKg ?? 1000));
  const [capacityLitres, setCapacityLitres] = useState(String(vehicle?.capacityLitres ?? 6000));
  const [refrigerated, setRefrigerated] = useState(vehicle?.refrigerated ?? false);
  const [active, setActive] = useState(vehicle?.active ?? true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const fieldError = (field: string) => fieldErrorOf(error, field);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const body = {
      name: name.trim(),
      capacityKg: Number(capacityKg),
      capacityLitres: Number(capacityLitres),
      refrigerated,
    };
    try {
      onDone(
        vehicle
          ? await countyApi.logistics.updateVehicle(vehicle.id, { ...body, active })
          : await countyApi.logistics.createVehicle({ ...body, countyCode: county, plate: plate.trim(), kind }),
      );
      if (!vehicle) {
        setPlate('');
        setName('');
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate>
      <h2>{vehicle ? t.vehicleEditTitle(vehicle.plate) : t.vehicleAdd}</h2>
      <div className="grid grid-3">
        <TextField
          label={t.plate}
          name="plate"
          required
          disabled={Boolean(vehicle)}
          placeholder="赣B·D1234"
          value={plate}
          error={fieldError('plate')}
          onChange={(event) => setPlate(event.target.value)}
        />
        <TextField
          label={t.vehicleName}
          name="name"
          required
          value={name}
          error={fieldError('name')}
          onChange={(event) => setName(event.target.value)}
        />
        <SelectField
          label={t.vehicleKind}
          name="kind"
          disabled={Boolean(vehicle)}
          value={kind}
          error={fieldError('kind')}
          onChange={(event) => setKind(event.target.value as VehicleKind)}
        >
          {VEHICLE_KINDS.map((option) => (
            <option key={option} value={option}>
              {t.vehicleKindName(option)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t.capacityKg}
          name="capacityKg"
          type="number"
          min={1}
          max={50000}
          required
          value={capacityKg}
          error={fieldError('capacityKg')}
          onChange={(event) => setCapacityKg(event.target.value)}
        />
        <TextField
          label={t.capacityLitres}
          name="capacityLitres"
          type="number"
          min={1}
          max={200000}
          required
          value={capacityLitres}
          error={fieldError('capacityLitres')}
          onChange={(event) => setCapacityLitres(event.target.value)}
        />
      </div>
      <label className="choice">
        <input type="checkbox" checked={refrigerated} onChange={(event) => setRefrigerated(event.target.checked)} />
        <span>{t.refrigerated}</span>
      </label>
      {vehicle && (
        <label className="choice">
          <input type="checkbox" checked={active} onChange={(event) => setActive(event.target.checked)} />
          <span>{t.vehicleActive}</span>
        </label>
      )}
      <ProblemMessage error={error} />
      <div className="row">
        <SubmitButton busy={busy} busyLabel={t.saving}>
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
