import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { defineMessages, useFormat, useMessages } from '../../../i18n';
import { AsyncView, Page, ProblemMessage, setServerErrors, SubmitButton, TextField, useApi } from '../../../ui';
import {
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

function CampaignLine({ campaign }: { campaign: Campaign }) {
  const t = useMessages(promotionMessages);
  const f = useFormat();
  return (
    <div className="card" data-testid="campaign">
      <p className="spread">
        <strong>{campaign.name}</strong>
        <span className="small">{t.spent(f.fen(campaign.spentFen), f.fen(campaign.budgetFen))}</span>
      </p>
      <p className="muted small">
        {f.date(campaign.startsAt)} – {f.date(campaign.endsAt)}
      </p>
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
            list.map((campaign) => <CampaignLine key={campaign.id} campaign={campaign} />)
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
            list.map((coupon) => <CouponCard key={coupon.id} coupon={coupon} forIssuer />)
          )
        }
      </AsyncView>
    </Page>
  );
}
