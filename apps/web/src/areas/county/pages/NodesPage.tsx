import { useMemo, useState, type FormEvent } from 'react';
import { fieldErrorOf } from '../../../api';
import { useMessages } from '../../../i18n';
import { countyStaffMemberships, useSession } from '../../../session';
import { AsyncView, EmptyState, Page, ProblemMessage, SelectField, SubmitButton, TextField, useApi } from '../../../ui';
import { countyApi, HOST_TYPES, type HostType, type NetworkNode, type Organisation } from '../api';
import { Notice } from '../components';
import { useCounty } from '../CountyLayout';
import { countyMessages } from '../messages';
import { CHILD_LEVEL, CODE_LENGTH, NetworkNav, placementProblem, type PlacementProblem } from '../network';

interface NodeDraft {
  code: string;
  name: string;
  hostType: HostType;
  openingHours: string;
  latitude: string;
  longitude: string;
  operatorOrgId: string;
  shelves: string;
  layers: string;
  slotCapacity: string;
  coldStorage: boolean;
  coldCapacityLitres: string;
  active: boolean;
}

const draftOf = (node: NetworkNode | null, code: string, parent: NetworkNode | null): NodeDraft =>
  node
    ? {
        code: node.code,
        name: node.name,
        hostType: node.hostType,
        openingHours: node.openingHours,
        latitude: String(node.latitude),
        longitude: String(node.longitude),
        operatorOrgId: node.operatorOrgId ?? '',
        shelves: String(node.shelves),
        layers: String(node.layers),
        slotCapacity: String(node.slotCapacity),
        coldStorage: node.coldStorage,
        coldCapacityLitres: node.coldCapacityLitres === null ? '' : String(node.coldCapacityLitres),
        active: node.active,
      }
    : {
        code,
        name: '',
        hostType:
          parent === null ? 'county_warehouse' : parent.level === 'county_hub' ? 'post_station' : 'village_shop',
        openingHours: '08:00-20:00',
        latitude: parent ? String(parent.latitude) : '',
        longitude: parent ? String(parent.longitude) : '',
        operatorOrgId: '',
        shelves: parent?.level === 'town_station' ? '3' : '0',
        layers: parent?.level === 'town_station' ? '4' : '0',
        slotCapacity: '20',
        coldStorage: false,
        coldCapacityLitres: '',
        active: true,
      };

const int = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

function NodeForm({
  county,
  node,
  parent,
  operators,
  onDone,
  onCancel,
}: {
  county: string;
  /** The node edited, or null to create one under `parent`. */
  node: NetworkNode | null;
  parent: NetworkNode | null;
  operators: { id: string; name: string }[];
  onDone: (node: NetworkNode) => void;
  onCancel: () => void;
}) {
  const t = useMessages(countyMessages);
  const [draft, setDraft] = useState<NodeDraft>(() => draftOf(node, parent?.code ?? county, parent));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const set = <K extends keyof NodeDraft>(key: K, value: NodeDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const fieldError = (name: string) => fieldErrorOf(error, name);
  const level = node ? node.level : parent ? CHILD_LEVEL[parent.level] : 'county_hub';
  const problem = node ? null : placementProblem(draft.code.trim(), parent, county);
  const problemText = (found: PlacementProblem): string => {
    switch (found.kind) {
      case 'not-a-code':
        return t.codeNotACode;
      case 'not-in-county':
        return t.codeNotInCounty(found.county);
      case 'wrong-level':
        return t.codeWrongLevel(t.level(found.expected), CODE_LENGTH[found.expected]);
      case 'not-extending':
        return t.codeNotExtending(found.parentCode);
    }
  };
  const village = level === 'village_point';

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (problem) {
      return;
    }
    setBusy(true);
    setError(undefined);
    const body: Record<string, unknown> = {
      name: draft.name.trim(),
      hostType: draft.hostType,
      openingHours: draft.openingHours.trim(),
      latitude: Number(draft.latitude),
      longitude: Number(draft.longitude),
      shelves: int(draft.shelves),
      layers: int(draft.layers),
      slotCapacity: int(draft.slotCapacity),
      coldStorage: draft.coldStorage,
      ...(draft.coldStorage && int(draft.coldCapacityLitres) !== undefined
        ? { coldCapacityLitres: int(draft.coldCapacityLitres) }
        : {}),
      ...(draft.operatorOrgId ? { operatorOrgId: draft.operatorOrgId } : {}),
    };
    try {
      const saved = node
        ? await countyApi.logistics.updateNode(node.id, { ...body, active: draft.active })
        : await countyApi.logistics.createNode({
            ...body,
            code: draft.code.trim(),
            ...(parent ? { parentId: parent.id } : {}),
          });
      onDone(saved);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const title = node
    ? t.nodeEditTitle(node.name)
    : parent
      ? t.nodeAddUnder(t.level(level ?? 'village_point'), parent.name)
      : t.nodeAddHub;
  return (
    <form className="form card node-form" onSubmit={(event) => void onSubmit(event)} noValidate aria-label={title}>
      <h3>{title}</h3>
      <TextField
        label={t.nodeCode}
        name="code"
        required
        inputMode="numeric"
        maxLength={12}
        disabled={Boolean(node)}
        value={draft.code}
        hint={node ? t.codeFixed : t.codeRule(parent?.code ?? county, CODE_LENGTH[level ?? 'village_point'])}
        error={
          (draft.code.trim() !== (parent?.code ?? county) && problem ? problemText(problem) : undefined) ??
          fieldError('code')
        }
        onChange={(event) => set('code', event.target.value.replace(/\D/g, ''))}
      />
      <TextField
        label={t.nodeName}
        name="name"
        required
        maxLength={100}
        value={draft.name}
        error={fieldError('name')}
        onChange={(event) => set('name', event.target.value)}
      />
      <div className="grid grid-2">
        <SelectField
          label={t.hostType}
          name="hostType"
          value={draft.hostType}
          error={fieldError('hostType')}
          onChange={(event) => set('hostType', event.target.value as HostType)}
        >
          {HOST_TYPES.map((type) => (
            <option key={type} value={type}>
              {t.host(type)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t.openingHours}
          name="openingHours"
          required
          value={draft.openingHours}
          error={fieldError('openingHours')}
          onChange={(event) => set('openingHours', event.target.value)}
        />
        <TextField
          label={t.latitude}
          name="latitude"
          required
          inputMode="decimal"
          value={draft.latitude}
          error={fieldError('latitude')}
          onChange={(event) => set('latitude', event.target.value)}
        />
        <TextField
          label={t.longitude}
          name="longitude"
          required
          inputMode="decimal"
          value={draft.longitude}
          error={fieldError('longitude')}
          onChange={(event) => set('longitude', event.target.value)}
        />
      </div>
      <SelectField
        label={t.operatorOrg}
        name="operatorOrgId"
        value={draft.operatorOrgId}
        hint={t.operatorOrgHint}
        error={fieldError('operatorOrgId')}
        onChange={(event) => set('operatorOrgId', event.target.value)}
      >
        <option value="">{t.noOperator}</option>
        {operators.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name}
          </option>
        ))}
        {draft.operatorOrgId && !operators.some((org) => org.id === draft.operatorOrgId) && (
          <option value={draft.operatorOrgId}>{draft.operatorOrgId}</option>
        )}
      </SelectField>
      <fieldset>
        <legend>{t.shelvesLegend}</legend>
        <div className="grid grid-3">
          <TextField
            label={t.shelves}
            name="shelves"
            type="number"
            min={village ? 1 : 0}
            max={99}
            value={draft.shelves}
            hint={village ? t.shelvesVillageHint : undefined}
            error={fieldError('shelves')}
            onChange={(event) => set('shelves', event.target.value)}
          />
          <TextField
            label={t.layers}
            name="layers"
            type="number"
            min={village ? 1 : 0}
            max={20}
            value={draft.layers}
            error={fieldError('layers')}
            onChange={(event) => set('layers', event.target.value)}
          />
          <TextField
            label={t.slotCapacity}
            name="slotCapacity"
            type="number"
            min={1}
            max={500}
            value={draft.slotCapacity}
            error={fieldError('slotCapacity')}
            onChange={(event) => set('slotCapacity', event.target.value)}
          />
        </div>
      </fieldset>
      <label className="choice">
        <input
          type="checkbox"
          checked={draft.coldStorage}
          onChange={(event) => set('coldStorage', event.target.checked)}
        />
        <span>{t.coldStorage}</span>
      </label>
      {draft.coldStorage && (
        <TextField
          label={t.coldCapacity}
          name="coldCapacityLitres"
          type="number"
          min={0}
          hint={t.coldCapacityHint}
          value={draft.coldCapacityLitres}
          error={fieldError('coldCapacityLitres')}
          onChange={(event) => set('coldCapacityLitres', event.target.value)}
        />
      )}
      {node && (
        <label className="choice">
          <input type="checkbox" checked={draft.active} onChange={(event) => set('active', event.target.checked)} />
          <span>{t.nodeActive}</span>
        </label>
      )}
      <ProblemMessage error={error} />
      <div className="row">
        <SubmitButton busy={busy} busyLabel={t.saving} disabled={Boolean(problem)}>
          {node ? t.save : t.nodeCreate}
        </SubmitButton>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}

type Editing = { mode: 'edit'; node: NetworkNode } | { mode: 'add'; parent: NetworkNode | null } | null;

function NodeTree({
  nodes,
  parentId,
  county,
  operators,
  editing,
  setEditing,
  onSaved,
}: {
  nodes: NetworkNode[];
  parentId: string | null;
  county: string;
  operators: { id: string; name: string }[];
  editing: Editing;
  setEditing: (editing: Editing) => void;
  onSaved: (node: NetworkNode) => void;
}) {
  const t = useMessages(countyMessages);
  const ids = new Set(nodes.map((node) => node.id));
  const children = nodes
    .filter((node) =>
      parentId === null ? node.parentId === null || !ids.has(node.parentId) : node.parentId === parentId,
    )
    .sort((a, b) => a.code.localeCompare(b.code));
  if (children.length === 0) {
    return null;
  }
  return (
    <ul className={parentId === null ? 'node-tree' : 'node-children'}>
      {children.map((node) => {
        const childLevel = CHILD_LEVEL[node.level];
        return (
          <li key={node.id} data-testid="node" data-code={node.code}>
            <div className={`node-item ${node.active ? '' : 'node-inactive'}`.trim()}>
              <div className="node-main">
                <strong>{node.name}</strong> <code>{node.code}</code>{' '}
                <span className={`tag level-${node.level}`}>{t.level(node.level)}</span>
                {!node.active && <span className="tag tag-muted">{t.inactive}</span>}
                {node.coldStorage && <span className="tag tag-cold">{t.cold}</span>}
                <p className="muted small">
                  {t.host(node.hostType)} · {node.openingHours}
                  {node.level === 'village_point' &&
                    ` · ${t.shelfLayout(node.shelves, node.layers, node.slotCapacity)}`}
                  {node.operatorOrgId &&
                    ` · ${t.operatedBy(operators.find((org) => org.id === node.operatorOrgId)?.name ?? t.unknownOrg)}`}
                </p>
              </div>
              <div className="row node-actions">
                <button
                  type="button"
                  className="button button-small button-secondary"
                  aria-label={t.editNamed(node.name)}
                  onClick={() => setEditing({ mode: 'edit', node })}
                >
                  {t.edit}
                </button>
                {childLevel && (
                  <button
                    type="button"
                    className="button button-small button-secondary"
                    onClick={() => setEditing({ mode: 'add', parent: node })}
                  >
                    {t.addChild(t.level(childLevel))}
                  </button>
                )}
              </div>
            </div>
            {editing &&
              ((editing.mode === 'edit' && editing.node.id === node.id) ||
                (editing.mode === 'add' && editing.parent?.id === node.id)) && (
                <NodeForm
                  county={county}
                  node={editing.mode === 'edit' ? editing.node : null}
                  parent={
                    editing.mode === 'add' ? node : (nodes.find((candidate) => candidate.id === node.parentId) ?? null)
                  }
                  operators={operators}
                  onDone={onSaved}
                  onCancel={() => setEditing(null)}
                />
              )}
            <NodeTree
              nodes={nodes}
              parentId={node.id}
              county={county}
              operators={operators}
              editing={editing}
              setEditing={setEditing}
              onSaved={onSaved}
            />
          </li>
        );
      })}
    </ul>
  );
}

export function NodesPage() {
  const t = useMessages(countyMessages);
  const { code } = useCounty();
  const { me } = useSession();
  const view = useApi(['county', 'NodesPage.nodes', code], (signal) => countyApi.logistics.nodes(code, signal));
  const points = useApi(['county', 'NodesPage.organisations', code], (signal) =>
    countyApi.identity
      .organisations({ countyCode: code, kind: 'service_point' }, signal)
      .catch((): Organisation[] => []),
  );
  const operators = useMemo(
    () => [
      ...countyStaffMemberships(me)
        .filter((membership) => membership.countyCode === code)
        .map((membership) => ({ id: membership.orgId, name: membership.orgName })),
      ...(points.data ?? []).map((org) => ({ id: org.id, name: `${org.name} (${t.status(org.status)})` })),
    ],
    [me, code, points.data, t],
  );
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState('');
  const onSaved = (node: NetworkNode) => {
    setEditing(null);
    setNotice(t.nodeSaved(node.name, node.code));
    view.reload();
  };
  return (
    <Page title={t.networkTitle}>
      <NetworkNav />
      <p className="muted">{t.nodesIntro}</p>
      <details className="card rules">
        <summary>{t.codeRulesTitle}</summary>
        <ul>
          <li>{t.codeRuleHub}</li>
          <li>{t.codeRuleTown}</li>
          <li>{t.codeRuleVillage}</li>
          <li>{t.codeRuleExtend}</li>
        </ul>
      </details>
      <Notice>{notice}</Notice>
      <AsyncView data={view.data} error={view.error} loading={view.loading && !view.data} onRetry={view.reload}>
        {(nodes) => (
          <div className="card">
            {nodes.length === 0 && <EmptyState title={t.noNodes}>{t.noNodesBody}</EmptyState>}
            {!nodes.some((node) => node.level === 'county_hub') &&
              (editing?.mode === 'add' && editing.parent === null ? (
                <NodeForm
                  county={code}
                  node={null}
                  parent={null}
                  operators={operators}
                  onDone={onSaved}
                  onCancel={() => setEditing(null)}
                />
              ) : (
                <button type="button" className="button" onClick={() => setEditing({ mode: 'add', parent: null })}>
                  {t.nodeAddHub}
                </button>
              ))}
            <NodeTree
              nodes={nodes}
              parentId={null}
              county={code}
              operators={operators}
              editing={editing}
              setEditing={setEditing}
              onSaved={onSaved}
            />
          </div>
        )}
      </AsyncView>
    </Page>
  );
}
