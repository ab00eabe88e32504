import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useMessages } from '../../i18n';
import { operatorMemberships, useSession } from '../../session';
import { AsyncView, EmptyState, SelectField, useApi } from '../../ui';
import { operatorApi, type PointNode } from './api';
import { operatorMessages } from './messages';

/**
 * One node the caller may work — the county hub, a town station or a village point: the identity organisation
 * (orders) and its logistics node.
 */
export interface NodeChoice {
  orgId: string;
  orgName: string;
  countyCode: string;
  node: PointNode;
}

interface NodeState {
  choices: NodeChoice[];
  current: NodeChoice;
  select: (nodeId: string) => void;
}

const STORAGE_KEY = 'cf.operator.node';
const LEVEL_ORDER: Record<string, number> = { county_hub: 0, town_station: 1, village_point: 2 };
const NodeContext = createContext<NodeState | null>(null);

function storedNodeId(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * Which node the operator is working: every node — hub, town station or village point — run by an organisation the
 * caller operates (identity memberships → logistics nodes whose `operatorOrgId` is that organisation), the hub
 * first, the last one chosen remembered on this device.
 */
export function NodeProvider({ children }: { children: ReactNode }) {
  const t = useMessages(operatorMessages);
  const { me } = useSession();
  const memberships = operatorMemberships(me);
  const key = memberships.map((m) => m.orgId).join(',');
  const { data, error, loading, reload } = useApi(['operator', 'node.nodesOf', key], async (signal) =>
    (
      await Promise.all(
        memberships.map(async (membership) =>
          (await operatorApi.nodesOf(membership.countyCode, membership.orgId, signal))
            .filter((node) => node.active)
            .map((node) => ({
              orgId: membership.orgId,
              orgName: membership.orgName,
              countyCode: membership.countyCode,
              node,
            })),
        ),
      )
    )
      .flat()
      .sort((a, b) => LEVEL_ORDER[a.node.level] - LEVEL_ORDER[b.node.level] || a.node.code.localeCompare(b.node.code)),
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
  const value = useMemo<NodeState | null>(() => {
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
      {() => value && <NodeContext.Provider value={value}>{children}</NodeContext.Provider>}
    </AsyncView>
  );
}

export function useNode(): NodeState {
  const state = useContext(NodeContext);
  if (!state) {
    throw new Error('useNode() outside <NodeProvider>');
  }
  return state;
}

/** Switches between the nodes the caller works (shown only to someone who works more than one). */
export function NodeSwitch({ label }: { label: string }) {
  const { current, choices, select } = useNode();
  if (choices.length < 2) {
    return null;
  }
  return (
    <SelectField label={label} name="point" value={current.node.id} onChange={(event) => select(event.target.value)}>
      {choices.map((choice) => (
        <option key={choice.node.id} value={choice.node.id}>
          {choice.node.name} ({choice.node.code})
        </option>
      ))}
    </SelectField>
  );
}
