import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { defineMessages, useFormat, useMessages } from '../../../i18n';
import { AsyncView, Page, ProblemMessage, setServerErrors, SubmitButton, TextField, useApi } from '../../../ui';
import {
  ConfirmStop,
  couponApi,
  CouponCard,
  CouponForm,
  couponMessages,
  dayEnd,
  dayStart,
  yuanToFen,
  type Campaign,
} from '../../../ui/coupons';
import { countyApi } from '../api';
import { useCounty } from '../CountyLayout';

export const promotionMessages = defineMessages(
  {
    title: '活动与优惠券',
    intro: '办一场丰收节：选定本县的商品、起止日期和预算；活动券只能用在这些商品上，优惠总额不会超过预算。',
    campaignNew: '新建活动',
    campaignName: '活动名称',
    startsOn: '开始日期',
    endsOn: '结束日期',
    budget: '预算（元）',
    listings: '参加活动的商品',
    create: '创建活动',
    creating: '正在创建…',
    campaigns: '活动',
    spent: (spent: string, budget: string) => `已用 ${spent} / 预算 ${budget}`,
    noCampaigns: '还没有活动',
    pickListing: '请至少选一个商品',
    newBudget: '新预算（元）',
    changeBudget: '改预算',
    stopCampaign: '停止活动',
    confirmStop: '停止后活动券不能再领；已领的券在预算内仍可使用。',
    stopYes: '确认停止',
    stopped: '已停止',
    save: '保存',
    cancel: '取消',
  },
  {
    title: 'Campaigns and coupons',
    intro:
      "Run a harvest festival: the county's listings in it, its dates and a budget; its coupons apply to those listings only and never take off more than the budget.",
    campaignNew: 'New campaign',
    campaignName: 'Campaign name',
    startsOn: 'Starts on',
    endsOn: 'Ends on',
    budget: 'Budget (¥)',
    listings: 'Listings in the campaign',
    create: 'Create campaign',
    creating: 'Creating…',
    campaigns: 'Campaigns',
    spent: (spent: string, budget: string) => `${spent} spent of ${budget}`,
    noCampaigns: 'No campaigns yet',
    pickListing: 'Pick at least one listing',
    newBudget: 'New budget (¥)',
    changeBudget: 'Change budget',
    stopCampaign: 'Stop campaign',
    confirmStop: 'Its coupons can no longer be claimed; claimed ones stay usable within the budget.',
    stopYes: 'Stop it',
    stopped: 'Stopped',
    save: 'Save',
    cancel: 'Cancel',
  },
);

interface CampaignForm {
  name: string;
  startsOn: string;
  endsOn: string;
  budget: string;
  listingIds: string[];
}

function CampaignForm({ county, onCreated }: { county: string; onCreated: () => void }) {
  const t = useMessages(promotionMessages);
  const f = useFormat();
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const listings = useApi(['county', 'PromotionsPage.listings', county], (signal) =>
    countyApi.catalog.countyListings(county, signal),
  );
  const { register, handleSubmit, setError, reset, formState } = useForm<CampaignForm>({
    defaultValues: { name: '', startsOn: today, endsOn: today, budget: '', listingIds: [] },
  });
  const create = useMutation({
    mutationFn: (values: CampaignForm) =>
      couponApi.createCampaign(county, {
        name: values.name.trim(),
        startsAt: dayStart(values.startsOn),
        endsAt: dayEnd(values.endsOn),
        budgetFen: yuanToFen(values.budget),
        listingIds: values.listingIds,
      }),
    onSuccess: () => {
      reset();
      onCreated();
    },
    onError: (failure) =>
      setServerErrors(setError, failure, (field) =>
        field === 'budgetFen' ? 'budget' : field === 'name' ? 'name' : undefined,
      ),
  });
  return (
    <form
      className="form card"
      noValidate
      aria-label={t.campaignNew}
      onSubmit={(event) => void handleSubmit((values) => create.mutate(values))(event)}
    >
      <h2>{t.campaignNew}</h2>
      <TextField label={t.campaignName} required error={formState.errors.name?.message} {...register('name')} />
      <div className="pair">
        <TextField label={t.startsOn} type="date" required {...register('startsOn')} />
        <TextField label={t.endsOn} type="date" required {...register('endsOn')} />
      </div>
      <TextField
        label={t.budget}
        inputMode="decimal"
        required
        error={formState.errors.budget?.message}
        {...register('budget')}
      />
      <fieldset>
        <legend>{t.listings}</legend>
        <AsyncView data={listings.data} error={listings.error} loading={listings.loading} onRetry={listings.reload}>
          {(page) => (
            <div className="listing-choices">
              {page.items.map((listing) => (
                <label key={listing.id} className="choice">
                  <input type="checkbox" value={listing.id} {...register('listingIds', { required: t.pickListing })} />
                  <span>
                    {listing.title}
                    <span className="muted small">
                      {' '}
                      · {listing.sellerName} · {f.fen(listing.minPriceFen)}
                    </span>
                  </span>
                </label>
              ))}
            </div>
          )}
        </AsyncView>
        {formState.errors.listingIds && <p className="field-error">{formState.errors.listingIds.message}</p>}
      </fieldset>
      <ProblemMessage error={create.error} />
      <SubmitButton busy={create.isPending} busyLabel={t.creating}>
        {t.create}
      </SubmitButton>
    </form>
  );
}

/** A campaign with what it spent, and its runner's 改预算 (never below what was spent) and 停止活动. */
function CampaignLine({ campaign, onChanged }: { campaign: Campaign; onChanged: () => void }) {
  const t = useMessages(promotionMessages);
  const f = useFormat();
  const [mode, setMode] = useState<'idle' | 'budget' | 'stop'>('idle');
  const [budget, setBudget] = useState((campaign.budgetFen / 100).toFixed(2));
  const done = () => {
    setMode('idle');
    onChanged();
  };
  const save = useMutation({
    mutationFn: () => couponApi.updateCampaign(campaign.id, { budgetFen: yuanToFen(budget) }),
    onSuccess: done,
  });
  const stop = useMutation({ mutationFn: () => couponApi.stopCampaign(campaign.id), onSuccess: done });
  return (
    <div className="card" data-testid="campaign">
      <p className="spread">
        <strong>{campaign.name}</strong>
        <span className="small">{t.spent(f.fen(campaign.spentFen), f.fen(campaign.budgetFen))}</span>
      </p>
      <p className="muted small">
        {f.date(campaign.startsAt)} – {f.date(campaign.endsAt)}
        {campaign.stoppedAt ? ` · ${t.stopped}` : ''}
      </p>
      {!campaign.stoppedAt && mode === 'idle' && (
        <div className="row">
          <button type="button" className="button button-small button-secondary" onClick={() => setMode('budget')}>
            {t.changeBudget}
          </button>
          <button type="button" className="button button-small button-secondary" onClick={() => setMode('stop')}>
            {t.stopCampaign}
          </button>
        </div>
      )}
      {mode === 'budget' && (
        <form
          className="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          <TextField
            label={t.newBudget}
            inputMode="decimal"
            name="budget"
            value={budget}
            onChange={(event) => setBudget(event.currentTarget.value)}
          />
          <ProblemMessage error={save.error} />
          <div className="row">
            <SubmitButton busy={save.isPending}>{t.save}</SubmitButton>
            <button type="button" className="button button-secondary" onClick={() => setMode('idle')}>
              {t.cancel}
            </button>
          </div>
        </form>
      )}
      {mode === 'stop' && (
        <ConfirmStop
          label={t.stopCampaign}
          text={t.confirmStop}
          yes={t.stopYes}
          mutation={stop}
          onCancel={() => setMode('idle')}
        />
      )}
    </div>
  );
}

/** County staff's campaigns and county-funded coupons (docs/orders.md "Coupons and campaigns"). */
export function PromotionsPage() {
  const t = useMessages(promotionMessages);
  const c = useMessages(couponMessages);
  const { code } = useCounty();
  const campaigns = useApi(['county', 'PromotionsPage.campaigns', code], (signal) => couponApi.campaigns(code, signal));
  const coupons = useApi(['county', 'PromotionsPage.coupons', code], (signal) => couponApi.countyCoupons(code, signal));
  return (
    <Page title={t.title}>
      <p className="muted">{t.intro}</p>
      <CampaignForm county={code} onCreated={campaigns.reload} />
      <h2>{t.campaigns}</h2>
      <AsyncView data={campaigns.data} error={campaigns.error} loading={campaigns.loading} onRetry={campaigns.reload}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t.noCampaigns}</p>
          ) : (
            list.map((campaign) => <CampaignLine key={campaign.id} campaign={campaign} onChanged={campaigns.reload} />)
          )
        }
      </AsyncView>
      <CouponForm
        campaigns={campaigns.data ?? []}
        issue={(body) => couponApi.createCountyCoupon(code, body)}
        onIssued={coupons.reload}
      />
      <h2>{c.couponsTitle}</h2>
      <AsyncView data={coupons.data} error={coupons.error} loading={coupons.loading} onRetry={coupons.reload}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{c.noCoupons}</p>
          ) : (
            list.map((coupon) => <CouponCard key={coupon.id} coupon={coupon} forIssuer onChanged={coupons.reload} />)
          )
        }
      </AsyncView>
    </Page>
  );
}
