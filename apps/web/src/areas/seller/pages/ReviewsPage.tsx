import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { commonMessages, useFormat, useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, ProblemMessage, useApi } from '../../../ui';
import { sellerApi, type Review } from '../api';
import { Stars } from '../components';
import { sellerMessages } from '../messages';
import { useSellerOrg } from '../org';

const PAGE = 20;

/** The seller's rating and its reviews, newest first, a page at a time. */
export function ReviewsPage() {
  const t = useMessages(sellerMessages);
  const common = useMessages(commonMessages);
  const f = useFormat();
  const { org } = useSellerOrg();
  const rating = useApi(['seller', 'ReviewsPage.rating', org.orgId], (signal) => sellerApi.rating(org.orgId, signal));
  const first = useApi(['seller', 'ReviewsPage.reviews', org.orgId], (signal) =>
    sellerApi.reviews(org.orgId, { limit: PAGE }, signal),
  );
  const [reviews, setReviews] = useState<Review[]>([]);
  const [more, setMore] = useState<{ busy: boolean; done: boolean; error?: unknown }>({ busy: false, done: false });
  useEffect(() => {
    if (first.data) {
      setReviews(first.data);
      setMore({ busy: false, done: first.data.length < PAGE });
    }
  }, [first.data]);
  const loadMore = async () => {
    setMore({ busy: true, done: false });
    try {
      const page = await sellerApi.reviews(org.orgId, { limit: PAGE, offset: reviews.length });
      setReviews((current) => [...current, ...page]);
      setMore({ busy: false, done: page.length < PAGE });
    } catch (error) {
      setMore({ busy: false, done: false, error });
    }
  };

  return (
    <Page title={t.reviewsTitle}>
      <AsyncView data={rating.data} error={rating.error} loading={rating.loading} onRetry={rating.reload}>
        {(value) => (
          <section className="card figure" aria-label={t.averageRating} data-testid="rating">
            <span className="figure-value">
              {value.ratingCount > 0 ? value.ratingAverage.toFixed(2) : '–'}{' '}
              {value.ratingCount > 0 && <Stars rating={value.ratingAverage} />}
            </span>
            <span className="figure-label">
              {t.averageRating} · {t.reviewCount(value.ratingCount)}
            </span>
          </section>
        )}
      </AsyncView>
      <AsyncView
        data={first.data}
        error={first.error}
        loading={first.loading}
        onRetry={first.reload}
        isEmpty={(items) => items.length === 0}
        empty={<EmptyState title={t.noReviews} />}
      >
        {() => (
          <>
            <ul className="list card" data-testid="reviews">
              {reviews.map((review) => (
                <li key={review.id}>
                  <div className="spread">
                    <Stars rating={review.rating} />
                    <span className="muted small">{f.dateTime(review.createdAt)}</span>
                  </div>
                  <p>{review.comment ?? <span className="muted">{t.noComment}</span>}</p>
                  <Link className="small" to={`/seller/orders/${review.orderId}`}>
                    {t.orderNo(review.orderId)}
                  </Link>
                </li>
              ))}
            </ul>
            <ProblemMessage error={more.error} />
            {!more.done && (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => void loadMore()}
                disabled={more.busy}
              >
                {common.loadMore}
              </button>
            )}
          </>
        )}
      </AsyncView>
    </Page>
  );
}
