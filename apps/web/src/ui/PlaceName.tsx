import { api, type Place, type PlaceWithPath } from '../api';
import { useApi } from './useApi';

/** Names are the same for everyone and change once a year at most: kept for the whole visit. */
const place = (code: string, signal: AbortSignal) =>
  api.get<PlaceWithPath>('catalog', `/places/${encodeURIComponent(code)}`, undefined, { signal });

/**
 * An administrative division code (province to village) shown by its names from the dataset — 江西省赣州市信丰县
 * 安西镇安芫村委会 — with the code after it, small, for whoever needs to quote it. `from` leaves out the levels
 * above it (`county` on a page that is about one county already). Until the names arrive, or if the dataset has
 * no such code, the code alone.
 */
export function PlaceName({ code, from = 'province' }: { code: string; from?: Place['level'] }) {
  const { data } = useApi(['place', code], (signal) => place(code, signal));
  if (!data) {
    return <span data-place={code}>{code}</span>;
  }
  const levels: Place['level'][] = ['province', 'city', 'county', 'town', 'village'];
  const names = data.path.filter((each) => levels.indexOf(each.level) >= levels.indexOf(from)).map((each) => each.name);
  return (
    <span data-place={code}>
      {names.join('')} <span className="muted small">{code}</span>
    </span>
  );
}
