import { Link, useNavigate, useParams } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { useSession } from '../../../session';
import { AsyncView, Loading, Page, useApi } from '../../../ui';
import { buyerApi } from '../api';
import { StatusTag } from '../components';
import { pendingSale } from '../sale';
import { saleMessages } from '../saleMessages';

/** A buying group's page, opened from its share link: progress, time left, and joining it. */
export function GroupPage() {
  const { id = '' } = useParams();
  const t = useMessages(saleMessages);
  const f = useFormat();
  const navigate = useNavigate();
  const group = useApi(['buyer', 'GroupPage.group', id], (signal) => buyerApi.sales.buyingGroup(id, signal));
  // the caller's own order in this group, if any (its leader or a member): shown instead of 参加这个团
  const { me } = useSession();
  const mine = useApi(['buyer', 'GroupPage.mine', id, me?.id ?? null], (signal) =>
    me ? buyerApi.orders.mine(signal) : Promise.resolve([]),
  );
  const myOrder = (mine.data ?? []).find((order) => order.buyingGroupId === id && order.status !== 'cancelled');
  if (!group.data && !group.error) {
    return <Loading />;
  }
  return (
    <Page title={t.groupPageTitle} className="page-narrow">
      <AsyncView {...group} onRetry={group.reload}>
        {(found) => (
          <section className="card" data-testid="buying-group">
            <h2>
              <Link to={`/listings/${found.deal.listingId}`}>{found.deal.title}</Link> · {found.deal.spec}
            </h2>
            <p>
              <span className="tag" data-testid="group-status">
                {t.groupStatus(found.status)}
              </span>{' '}
              <span className="price">{f.fen(found.deal.groupPriceFen)}</span>
            </p>
            <p data-testid="group-progress">
              {t.groupProgress(found.members, found.groupSize)} · {t.groupPaid(found.paidMembers)}
            </p>
            <p className="muted small">{t.groupEnds(f.dateTime(found.expiresAt))}</p>
            <ol className="plain-list small">
              {found.memberOrders.map((member, index) => (
                <li key={index}>
                  {member.leader ? t.groupLeader : t.groupMember} · {f.dateTime(member.joinedAt)}
                </li>
              ))}
            </ol>
            {myOrder && (
              <div className="notice" data-testid="group-mine">
                <p className="spread">
                  <span>{t.groupYouAreIn}</span>
                  <StatusTag status={myOrder.status} />
                </p>
                <Link
                  to={
                    myOrder.status === 'awaiting_payment' ? `/order-groups/${myOrder.groupId}` : `/orders/${myOrder.id}`
                  }
                >
                  {myOrder.status === 'awaiting_payment' ? t.groupPayMine : t.groupSeeMine} →
                </Link>
              </div>
            )}
            {found.status === 'open' && (
              <>
                <p className="small">{t.groupShare}</p>
                <p className="small">
                  <code data-testid="group-share-link">{`${window.location.origin}${found.sharePath}`}</code>
                </p>
                {found.placesLeft > 0 && !myOrder && (mine.data !== undefined || mine.error !== undefined) && (
                  <button
                    type="button"
                    className="button button-block"
                    onClick={() => {
                      pendingSale.set({
                        kind: 'join',
                        id: found.id,
                        line: {
                          skuId: found.deal.skuId,
                          listingId: found.deal.listingId,
                          title: found.deal.title,
                          spec: found.deal.spec,
                          priceFen: found.deal.groupPriceFen,
                          sellerOrgId: found.deal.sellerOrgId,
                          sellerName: '',
                          countyCode: '',
                          quantity: 1,
                        },
                      });
                      void navigate('/checkout?sale=1');
                    }}
                  >
                    {t.groupJoin}
                  </button>
                )}
              </>
            )}
          </section>
        )}
      </AsyncView>
    </Page>
  );
}
