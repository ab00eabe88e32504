import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useMessages } from '../../../i18n';
import { countyStaffMemberships, useSession } from '../../../session';
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

/** The form's fields are named as the API's. */
const nodeFieldOf = fieldsByApiName<NodeDraft>([
  'code',
  'name',
  'hostType',
  'openingHours',
  'latitude',
  'longitude',
  'operatorOrgId',
  'shelves',
  'layers',
  'slotCapacity',
  'coldStorage',
  'coldCapacityLitres',
  'active',
]);

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
  const { register, handleSubmit, watch, setError, formState } = useForm<NodeDraft>({
    defaultValues: draftOf(node, parent?.code ?? county, parent),
  });
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      node ? countyApi.logistics.updateNode(node.id, body) : countyApi.logistics.createNode(body),
    onSuccess: onDone,
    onError: (failure) => setServerErrors(setError, failure, nodeFieldOf),
  });
  const [code, coldStorage, operatorOrgId] = watch(['code', 'coldStorage', 'operatorOrgId']);
  const level = node ? node.level : parent ? CHILD_LEVEL[parent.level] : 'county_hub';
  const problem = node ? null : placementProblem(code.trim(), parent, county);
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
  const errors = formState.errors;
  const codeField = register('code');

  const onSubmit = handleSubmit((draft) => {
    if (problem) {
      return;
    }
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
    save.mutate(
      node
        ? { ...body, active: draft.active }
        : { ...body, code: draft.code.trim(), ...(parent ? { parentId: parent.id } : {}) },
    );
  });

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
        required
        inputMode="numeric"
        maxLength={12}
        disabled={Boolean(node)}
        hint={node ? t.codeFixed : t.codeRule(parent?.code ?? county, CODE_LENGTH[level ?? 'village_point'])}
        error={
          (code.trim() !== (parent?.code ?? county) && problem ? problemText(problem) : undefined) ??
          errors.code?.message
        }
        {...codeField}
        onChange={(event) => {
          event.target.value = event.target.value.replace(/\D/g, '');
          void codeField.onChange(event);
        }}
      />
      <TextField label={t.nodeName} required maxLength={100} error={errors.name?.message} {...register('name')} />
      <div className="grid grid-2">
        <SelectField label={t.hostType} error={errors.hostType?.message} {...register('hostType')}>
          {HOST_TYPES.map((type) => (
            <option key={type} value={type}>
              {t.host(type)}
            </option>
          ))}
        </SelectField>
        <TextField label={t.openingHours} required error={errors.openingHours?.message} {...register('openingHours')} />
        <TextField
          label={t.latitude}
          required
          inputMode="decimal"
          error={errors.latitude?.message}
          {...register('latitude')}
        />
        <TextField
          label={t.longitude}
          required
          inputMode="decimal"
          error={errors.longitude?.message}
          {...register('longitude')}
        />
      </div>
      <SelectField
        label={t.operatorOrg}
        hint={t.operatorOrgHint}
        error={errors.operatorOrgId?.message}
        {...register('operatorOrgId')}
      >
        <option value="">{t.noOperator}</option>
        {operators.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name}
          </option>
        ))}
        {operatorOrgId && !operators.some((org) => org.id === operatorOrgId) && (
          <option value={operatorOrgId}>{operatorOrgId}</option>
        )}
      </SelectField>
      <fieldset>
        <legend>{t.shelvesLegend}</legend>
        <div className="grid grid-3">
          <TextField
            label={t.shelves}
            type="number"
            min={village ? 1 : 0}
            max={99}
            hint={village ? t.shelvesVillageHint : undefined}
            error={errors.shelves?.message}
            {...register('shelves')}
          />
          <TextField
            label={t.layers}
            type="number"
            min={village ? 1 : 0}
            max={20}
            error={errors.layers?.message}
            {...register('layers')}
          />
          <TextField
            label={t.slotCapacity}
            type="number"
            min={1}
            max={500}
            error={errors.slotCapacity?.message}
            {...register('slotCapacity')}
          />
        </div>
      </fieldset>
      <label className="choice">
        <input type="checkbox" {...register('coldStorage')} />
        <span>{t.coldStorage}</span>
      </label>
      {coldStorage && (
        <TextField
          label={t.coldCapacity}
          type="number"
          min={0}
          hint={t.coldCapacityHint}
          error={errors.coldCapacityLitres?.message}
          {...register('coldCapacityLitres')}
        />
      )}
      {node && (
        <label className="choice">
          <input type="checkbox" {...register('active')} />
          <span>{t.nodeActive}</span>
        </label>
      )}
      <ProblemMessage error={save.error} />
      <div className="row">
        <SubmitButton busy={save.isPending} busyLabel={t.saving} disabled={Boolean(problem)}>
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
