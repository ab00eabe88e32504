import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { fieldErrorOf } from '../../../api';
import { useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, ProblemMessage, SelectField, SubmitButton, TextField, useApi } from '../../../ui';
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

function LotForm({ listings }: { listings: Listing[] }) {
  const t = useMessages(sellerMessages);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const today = chinaDay(new Date());
  const initial = params.get('listing');
  const [draft, setDraft] = useState<Draft>({
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
  });
  const [invalidQuantity, setInvalidQuantity] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const set =
    <K extends keyof Draft>(key: K) =>
    (event: { target: { value: string } }) =>
      setDraft((current) => ({ ...current, [key]: event.target.value as Draft[K] }));
  const toggle =
    (key: 'noBannedSubstances' | 'safetyIntervalsKept' | 'residuesWithinLimits' | 'testPassed') =>
    (event: { target: { checked: boolean } }) =>
      setDraft((current) => ({ ...current, [key]: event.target.checked }));
  const apiError = (field: string) => fieldErrorOf(failure, field);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const quantity = Number(draft.quantity);
    if (!/^\d+(\.\d{1,3})?$/.test(draft.quantity.trim()) || quantity <= 0) {
      setInvalidQuantity(t.invalidNumber);
      return;
    }
    setInvalidQuantity(undefined);
    const body: LotFields = {
      harvestFrom: draft.harvestFrom,
      ...(draft.harvestTo && { harvestTo: draft.harvestTo }),
      quantity,
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
    setBusy(true);
    setFailure(undefined);
    try {
      const lot = await sellerApi.createLot(draft.listingId, body);
      void navigate(`/seller/lots?listing=${lot.listingId}`, { state: { created: lot } });
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };

  return (
    <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate data-testid="lot-form">
      <SelectField
        id="lot-listing"
        name="listingId"
        label={t.listingToShow}
        value={draft.listingId}
        onChange={set('listingId')}
      >
        {listings.map((listing) => (
          <option key={listing.id} value={listing.id}>
            {listing.title}
          </option>
        ))}
      </SelectField>
      <div className="form-columns">
        <TextField
          id="lot-harvest-from"
          name="harvestFrom"
          type="date"
          label={t.harvestFrom}
          required
          max={today}
          value={draft.harvestFrom}
          onChange={set('harvestFrom')}
          error={apiError('harvestFrom')}
        />
        <TextField
          id="lot-harvest-to"
          name="harvestTo"
          type="date"
          label={t.harvestTo}
          hint={t.harvestToHint}
          max={today}
          value={draft.harvestTo}
          onChange={set('harvestTo')}
          error={apiError('harvestTo')}
        />
        <TextField
          id="lot-quantity"
          name="quantity"
          label={t.quantity}
          required
          inputMode="decimal"
          value={draft.quantity}
          onChange={set('quantity')}
          error={invalidQuantity ?? apiError('quantity')}
        />
        <SelectField id="lot-unit" name="unit" label={t.unit} value={draft.unit} onChange={set('unit')}>
          {LOT_UNITS.map((unit) => (
            <option key={unit} value={unit}>
              {t.unitLabel(unit)}
            </option>
          ))}
        </SelectField>
        <TextField
          id="lot-grade"
          name="grade"
          label={t.grade}
          maxLength={20}
          value={draft.grade}
          onChange={set('grade')}
          error={apiError('grade')}
        />
        <TextField
          id="lot-origin"
          name="originVillageCode"
          label={t.origin}
          hint={t.lotOriginHint}
          inputMode="numeric"
          maxLength={12}
          value={draft.originVillageCode}
          onChange={set('originVillageCode')}
          error={apiError('originVillageCode')}
        />
        <TextField
          id="lot-producer"
          name="producerName"
          label={t.producer}
          hint={t.producerHint}
          maxLength={100}
          value={draft.producerName}
          onChange={set('producerName')}
          error={apiError('producerName')}
        />
        <TextField
          id="lot-phone"
          name="contactPhone"
          type="tel"
          label={t.contactPhone}
          required
          autoComplete="tel"
          value={draft.contactPhone}
          onChange={set('contactPhone')}
          error={apiError('contactPhone')}
        />
        <TextField
          id="lot-issue-date"
          name="issueDate"
          type="date"
          label={t.issueDate}
          hint={t.issueDateHint}
          max={today}
          value={draft.issueDate}
          onChange={set('issueDate')}
          error={apiError('issueDate')}
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
            <input type="checkbox" name={key} checked={draft[key]} onChange={toggle(key)} />
            <span>{label}</span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t.testResult}</legend>
        <div className="form-columns">
          <TextField
            id="lot-test-item"
            name="testItem"
            label={t.testItem}
            maxLength={100}
            value={draft.testItem}
            onChange={set('testItem')}
            error={apiError('testResults')}
          />
          <TextField
            id="lot-test-result"
            name="testResult"
            label={t.testResultText}
            maxLength={200}
            value={draft.testResult}
            onChange={set('testResult')}
          />
        </div>
        <label className="choice">
          <input type="checkbox" name="testPassed" checked={draft.testPassed} onChange={toggle('testPassed')} />
          <span>{t.testPassed}</span>
        </label>
      </fieldset>
      <ProblemMessage error={failure} />
      <div className="form-actions">
        <SubmitButton busy={busy} busyLabel={t.saving}>
          {t.recordLotSubmit}
        </SubmitButton>
      </div>
    </form>
  );
}
