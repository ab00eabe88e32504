import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { Place } from '../../api';
import { useMessages } from '../../i18n';
import { useSession } from '../../session';
import { ProblemMessage, SelectField, setServerErrors, SubmitButton, TextField, useApi } from '../../ui';
import { buyerApi, type Address, type AddressBody } from './api';
import { buyerMessages } from './messages';

const LEVELS = ['province', 'city', 'county', 'town', 'village'] as const;

/**
 * One level of the cascading picker: the children of the level above (the provinces at the top), the chosen code,
 * and nothing to choose until the level above is chosen.
 */
function PlaceLevelField({
  level,
  parent,
  value,
  error,
  onChange,
}: {
  level: (typeof LEVELS)[number];
  parent: string | null;
  value: string;
  error?: string;
  onChange: (code: string) => void;
}) {
  const t = useMessages(buyerMessages);
  const labels = {
    province: t.pickerProvince,
    city: t.pickerCity,
    county: t.pickerCounty,
    town: t.pickerTown,
    village: t.pickerVillage,
  };
  const options = useApi<Place[]>(['place-children', parent ?? 'root', level], (signal) =>
    parent === null
      ? buyerApi.places.provinces(signal)
      : parent === ''
        ? Promise.resolve([])
        : buyerApi.places.children(parent, signal),
  );
  return (
    <SelectField
      label={labels[level]}
      name={`place-${level}`}
      value={value}
      required={level !== 'village'}
      disabled={parent === ''}
      error={error}
      onChange={(event) => onChange(event.target.value)}
    >
      <option value="">{t.pickerChoose}</option>
      {(options.data ?? []).map((place) => (
        <option key={place.code} value={place.code}>
          {place.name}
        </option>
      ))}
    </SelectField>
  );
}

interface AddressFields {
  recipientName: string;
  recipientPhone: string;
  detail: string;
  placeCode: string;
}

const fieldOf = (apiField: string): keyof AddressFields | undefined =>
  (['recipientName', 'recipientPhone', 'detail', 'placeCode'] as const).find((field) => field === apiField);

/**
 * Adds an address to the buyer's book (or changes one): the recipient, the place picked province → city → county →
 * town → village from the dataset, then the street and house typed. Calls `onSaved` with what the server kept.
 */
export function AddressForm({
  address,
  onSaved,
  onCancel,
}: {
  address?: Address;
  onSaved: (saved: Address) => void;
  onCancel?: () => void;
}) {
  const t = useMessages(buyerMessages);
  const { me } = useSession();
  const [codes, setCodes] = useState<string[]>(() =>
    LEVELS.map((level) => address?.places.find((place) => place.level === level)?.code ?? ''),
  );
  const { register, handleSubmit, setError, clearErrors, formState } = useForm<AddressFields>({
    defaultValues: {
      recipientName: address?.recipientName ?? me?.name ?? '',
      recipientPhone: address?.recipientPhone ?? me?.phone ?? '',
      detail: address?.detail ?? '',
    },
  });
  const save = useMutation({
    mutationFn: (body: AddressBody) =>
      address ? buyerApi.addresses.update(address.id, body) : buyerApi.addresses.create(body),
    onSuccess: onSaved,
    onError: (failure) => setServerErrors(setError, failure, fieldOf),
  });
  const choose = (index: number, code: string) =>
    setCodes((current) => current.map((each, at) => (at < index ? each : at === index ? code : '')));
  const placeCode = [...codes].reverse().find((code) => code !== '') ?? '';
  const onSubmit = handleSubmit((fields) => {
    clearErrors();
    save.mutate({
      recipientName: fields.recipientName.trim(),
      recipientPhone: fields.recipientPhone.trim(),
      detail: fields.detail.trim(),
      placeCode,
    });
  });
  const error = (field: keyof AddressFields) => formState.errors[field]?.message;

  return (
    <form className="form card" data-testid="address-form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <TextField
        label={t.recipientName}
        required
        autoComplete="name"
        error={error('recipientName')}
        {...register('recipientName')}
      />
      <TextField
        label={t.recipientPhone}
        type="tel"
        required
        inputMode="numeric"
        autoComplete="tel"
        error={error('recipientPhone')}
        {...register('recipientPhone')}
      />
      {LEVELS.map((level, index) => (
        <PlaceLevelField
          key={level}
          level={level}
          parent={index === 0 ? null : codes[index - 1]}
          value={codes[index]}
          error={index === 2 ? error('placeCode') : undefined}
          onChange={(code) => choose(index, code)}
        />
      ))}
      <TextField
        label={t.addressDetail}
        required
        autoComplete="street-address"
        error={error('detail')}
        {...register('detail')}
      />
      <ProblemMessage error={save.error} />
      <div className="pair">
        <SubmitButton busy={save.isPending} busyLabel={t.addressSaving} className="button">
          {t.addressSave}
        </SubmitButton>
        {onCancel && (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t.addressCancel}
          </button>
        )}
      </div>
    </form>
  );
}

/** An address on one line: recipient, phone, the place names, the street typed. */
export function addressLine(address: Address): string {
  return `${address.recipientName} ${address.recipientPhone} · ${address.places.map((place) => place.name).join('')}${address.detail}`;
}
