import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useMessages } from '../../i18n';
import { operatorMemberships, useSession } from '../../session';
import { AsyncView, EmptyState, useApi } from '../../ui';
import { operatorApi, type PointNode } from './api';
import { operatorMessages } from './messages';

/** One village point the caller may work: the identity organisation (orders) and its logistics node (the shelves). */
export interface PointChoice {
  orgId: string;
  orgName: string;
  countyCode: string;
  node: PointNode;
}

interface PointState {
  choices: PointChoice[];
  current: PointChoice;
  select: (nodeId: string) => void;
}

const STORAGE_KEY = 'cf.operator.point';
const PointContext = createContext<PointState | null>(null);

function storedNodeId(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * Which service point the operator is working: every village point run by an organisation the caller operates
 * (identity memberships → logistics nodes whose `operatorOrgId` is that organisation), the last one chosen
 * remembered on this device.
 */
export function PointProvider({ children }: { children: ReactNode }) {
  const t = useMessages(operatorMessages);
  const { me } = useSession();
  const memberships = operatorMemberships(me);
  const key = memberships.map((m) => m.orgId).join(',');
  const { data, error, loading, reload } = useApi(['operator', 'point.pointsOf', key], async (signal) =>
    (
      await Promise.all(
        memberships.map(async (membership) =>
          (await operatorApi.pointsOf(membership.countyCode, membership.orgId, signal))
            .filter((node) => node.active)
            .map((node) => ({
              orgId: membership.orgId,
              orgName: membership.orgName,
              countyCode: membership.countyCode,
              node,
            })),
        ),
      )
    ).flat(),
  );
  const [selected, setSelected] = useState<string | null>(storedNodeId);
  const select = useCallback((nodeId: string) => {
    setSelected(nodeId);
    try {
      localStorage.setItem(STORAGE_KEY, nodeId);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);
  const value = useMemo<PointState | null>(() => {
    if (!data || data.length === 0) {
      return null;
    }
    const current = data.find((choice) => choice.node.id === selected) ?? data[0];
    return { choices: data, current, select };
  }, [data, selected, select]);

  return (
    <AsyncView
      data={data}
      error={error}
      loading={loading}
      onRetry={reload}
      isEmpty={(choices) => choices.length === 0}
      empty={<EmptyState title={t.noPointTitle}>{t.noPointBody}</EmptyState>}
    >
      {() => value && <PointContext.Provider value={value}>{children}</PointContext.Provider>}
    </AsyncView>
  );
}

export function usePoint(): PointState {
  const state = useContext(PointContext);
  if (!state) {
    throw new Error('usePoint() outside <PointProvider>');
  }
  return state;
}
