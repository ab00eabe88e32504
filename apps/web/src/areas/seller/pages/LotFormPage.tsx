import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { Link, useNavigate, useSearchParams } from 'react-router';
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
import { chinaDay, LOT_UNITS, sellerApi, type Listing, type LotFields, type LotUnit } from '../api';
import { sellerMessages } from '../messages';
import { useSellerOrg } from '../org';

/** Records a harvested lot of a produce listing; catalog issues the certificate number and the trace code. */
export function LotFormPage() {
  const t = useMessages(sellerMessages);
  const { org } = useSellerOrg();
  const produce = useApi(['seller', 'LotFormPage.listings', org.orgId], async (signal) =>
    (await sellerApi.listings(org.orgId, undefined, signal)).filter(
      (listing) => listing.direction === 'up' && listing.status !== 'removed',
    ),
  );
  return (
    <Page title={t.lotFormTitle}>
      <p>
        <Link to="/seller/lots">← {t.lotsTitle}</Link>
      </p>
      <AsyncView
        data={produce.data}
        error={produce.error}
        loading={produce.loading}
        onRetry={produce.reload}
        isEmpty={(listings) => listings.length === 0}
        empty={<EmptyState title={t.noProduce} />}
      >
        {(listings) => <LotForm listings={listings} />}
      </AsyncView>
    </Page>
  );
}

interface Draft {
  listingId: string;
  harvestFrom: string;
  harvestTo: string;
  quantity: string;
  unit: LotUnit;
  grade: string;
  originVillageCode: string;
  producerName: string;
  contactPhone: string;
  noBannedSubstances: boolean;
  safetyIntervalsKept: boolean;
  residuesWithinLimits: boolean;
  testItem: string;
  testResult: string;
  testPassed: boolean;
  issueDate: string;
}

/** The API's fields beside the form's (the pledge's and the test result's by their parts). */
const lotFieldOf = fieldsByApiName<Draft>({
  harvestFrom: 'harvestFrom',
  harvestTo: 'harvestTo',
  quantity: 'quantity',
  unit: 'unit',
  grade: 'grade',
  originVillageCode: 'originVillageCode',
  producerName: 'producerName',
  contactPhone: 'contactPhone',
  issueDate: 'issueDate',
  'pledge.noBannedSubstances': 'noBannedSubstances',
  'pledge.safetyIntervalsKept': 'safetyIntervalsKept',
  'pledge.residuesWithinLimits': 'residuesWithinLimits',
  testResults: 'testItem',
});

function LotForm({ listings }: { listings: Listing[] }) {
  const t = useMessages(sellerMessages);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const today = chinaDay(new Date());
  const initial = params.get('listing');
  const { register, handleSubmit, setError, formState } = useForm<Draft>({
    defaultValues: {
      listingId: listings.some((listing) => listing.id === initial) ? initial! : listings[0].id,
      harvestFrom: today,
      harvestTo: '',
      quantity: '',
      unit: 'kg',
      grade: '',
      originVillageCode: '',
      producerName: '',
      contactPhone: '',
      noBannedSubstances: false,
      safetyIntervalsKept: false,
      residuesWithinLimits: false,
      testItem: '',
      testResult: '',
      testPassed: true,
      issueDate: '',
    },
  });
  const create = useMutation({
    mutationFn: ({ listingId, body }: { listingId: string; body: LotFields }) => sellerApi.createLot(listingId, body),
    onSuccess: (lot) => void navigate(`/seller/lots?listing=${lot.listingId}`, { state: { created: lot } }),
    onError: (error) => setServerErrors(setError, error, lotFieldOf),
  });
  const errors = formState.errors;

  const onSubmit = handleSubmit((draft) => {
    const body: LotFields = {
      harvestFrom: draft.harvestFrom,
      ...(draft.harvestTo && { harvestTo: draft.harvestTo }),
      quantity: Number(draft.quantity),
      unit: draft.unit,
      ...(draft.grade.trim() && { grade: draft.grade.trim() }),
      ...(draft.originVillageCode.trim() && { originVillageCode: draft.originVillageCode.trim() }),
      ...(draft.producerName.trim() && { producerName: draft.producerName.trim() }),
      contactPhone: draft.contactPhone.trim(),
      pledge: {
        noBannedSubstances: draft.noBannedSubstances,
        safetyIntervalsKept: draft.safetyIntervalsKept,
        residuesWithinLimits: draft.residuesWithinLimits,
      },
      ...(draft.testItem.trim() &&
        draft.testResult.trim() && {
          testResults: [{ item: draft.testItem.trim(), result: draft.testResult.trim(), passed: draft.testPassed }],
        }),
      ...(draft.issueDate && { issueDate: draft.issueDate }),
    };
    create.mutate({ listingId: draft.listingId, body });
  });

  return (
    <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate data-testid="lot-form">
      <SelectField id="lot-listing" label={t.listingToShow} {...register('listingId')}>
        {listings.map((listing) => (
          <option key={listing.id} value={listing.id}>
            {listing.title}
          </option>
        ))}
      </SelectField>
      <div className="form-columns">
        <TextField
          id="lot-harvest-from"
          type="date"
          label={t.harvestFrom}
          required
          max={today}
          error={errors.harvestFrom?.message}
          {...register('harvestFrom')}
        />
        <TextField
          id="lot-harvest-to"
          type="date"
          label={t.harvestTo}
          hint={t.harvestToHint}
          max={today}
          error={errors.harvestTo?.message}
          {...register('harvestTo')}
        />
        <TextField
          id="lot-quantity"
          label={t.quantity}
          required
          inputMode="decimal"
          error={errors.quantity?.message}
          {...register('quantity', {
            validate: (value) => (/^\d+(\.\d{1,3})?$/.test(value.trim()) && Number(value) > 0) || t.invalidNumber,
          })}
        />
        <SelectField id="lot-unit" label={t.unit} {...register('unit')}>
          {LOT_UNITS.map((unit) => (
            <option key={unit} value={unit}>
              {t.unitLabel(unit)}
            </option>
          ))}
        </SelectField>
        <TextField id="lot-grade" label={t.grade} maxLength={20} error={errors.grade?.message} {...register('grade')} />
        <TextField
          id="lot-origin"
          label={t.origin}
          hint={t.lotOriginHint}
          inputMode="numeric"
          maxLength={12}
          error={errors.originVillageCode?.message}
          {...register('originVillageCode')}
        />
        <TextField
          id="lot-producer"
          label={t.producer}
          hint={t.producerHint}
          maxLength={100}
          error={errors.producerName?.message}
          {...register('producerName')}
        />
        <TextField
          id="lot-phone"
          type="tel"
          label={t.contactPhone}
          required
          autoComplete="tel"
          error={errors.contactPhone?.message}
          {...register('contactPhone')}
        />
        <TextField
          id="lot-issue-date"
          type="date"
          label={t.issueDate}
          hint={t.issueDateHint}
          max={today}
          error={errors.issueDate?.message}
          {...register('issueDate')}
        />
      </div>
      <fieldset>
        <legend>{t.pledge}</legend>
        <p className="small muted">{t.pledgeIntro}</p>
        {(
          [
            ['noBannedSubstances', t.pledgeNoBanned],
            ['safetyIntervalsKept', t.pledgeIntervals],
            ['residuesWithinLimits', t.pledgeResidues],
          ] as const
        ).map(([key, label]) => (
          <label key={key} className="choice">
            <input type="checkbox" {...register(key)} />
            <span>{label}</span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t.testResult}</legend>
        <div className="form-columns">
          <TextField
            id="lot-test-item"
            label={t.testItem}
            maxLength={100}
            error={errors.testItem?.message}
            {...register('testItem')}
          />
          <TextField id="lot-test-result" label={t.testResultText} maxLength={200} {...register('testResult')} />
        </div>
        <label className="choice">
          <input type="checkbox" {...register('testPassed')} />
          <span>{t.testPassed}</span>
        </label>
      </fieldset>
      <ProblemMessage error={create.error} />
      <div className="form-actions">
        <SubmitButton busy={create.isPending || create.isSuccess} busyLabel={t.saving}>
          {t.recordLotSubmit}
        </SubmitButton>
      </div>
    </form>
  );
}
