import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useMessages } from '../../../i18n';
import { Page, ProblemMessage, SelectField, SubmitButton, TextAreaField, TextField } from '../../../ui';
import { QueueList, SignalBar, useScanQueue } from '../../../ui/scan';
import { EXCEPTION_KINDS, operatorApi, parcelRef, type ExceptionKind } from '../api';
import { useNode } from '../node';
import { nodeMessages } from '../nodeMessages';
import { ExceptionList, useRefreshOnAnswer, useWorkspace } from '../workspace';

interface ExceptionForm {
  parcelCode: string;
  kind: ExceptionKind;
  note: string;
  weighedGrams: string;
}

/**
 * Record a damaged, missing, over-weight or refused parcel at the node (kept on the device and sent like a scan),
 * and mark the open ones resolved.
 */
export function ExceptionsPage() {
  const n = useMessages(nodeMessages);
  const { current } = useNode();
  const nodeId = current.node.id;
  const workspace = useWorkspace();
  const queue = useScanQueue(`node:${nodeId}:exceptions`);
  useRefreshOnAnswer(queue.scans);
  const { register, handleSubmit, watch, reset, formState } = useForm<ExceptionForm>({
    defaultValues: { parcelCode: '', kind: 'damaged', note: '', weighedGrams: '' },
  });
  const [resolveError, setResolveError] = useState<unknown>();
  const kind = watch('kind');

  const record = handleSubmit(async (form) => {
    const ref = parcelRef(form.parcelCode);
    await queue.enqueue({
      service: 'logistics',
      path: `/nodes/${nodeId}/exceptions`,
      body: {
        ...ref,
        kind: form.kind,
        note: form.note.trim() || undefined,
        weighedGrams: form.kind === 'over_weight' ? Number(form.weighedGrams) : undefined,
      },
      action: 'exception',
      label: 'parcelCode' in ref ? ref.parcelCode : ref.shipmentId,
    });
    reset({ parcelCode: '', kind: form.kind, note: '', weighedGrams: '' });
  });

  const resolve = async (exceptionId: string) => {
    setResolveError(undefined);
    try {
      await operatorApi.resolveException(nodeId, exceptionId);
      workspace.reload();
    } catch (error) {
      setResolveError(error);
    }
  };

  const open = (workspace.data?.exceptions ?? []).filter((exception) => !exception.resolvedAt);
  return (
    <Page title={n.exceptionsTitle}>
      <p className="muted small">{n.exceptionsIntro}</p>
      <SignalBar queue={queue} />
      <form className="form" onSubmit={(event) => void record(event)} noValidate>
        <TextField
          label={n.parcelCodeLabel}
          autoComplete="off"
          autoCapitalize="characters"
          error={formState.errors.parcelCode?.message}
          {...register('parcelCode', { validate: (value) => value.trim() !== '' || n.codeRequired })}
        />
        <SelectField label={n.exceptionKindLabel} {...register('kind')}>
          {EXCEPTION_KINDS.map((value) => (
            <option key={value} value={value}>
              {n.exceptionKind(value)}
            </option>
          ))}
        </SelectField>
        {kind === 'over_weight' && (
          <TextField
            label={n.weighedGramsLabel}
            inputMode="numeric"
            error={formState.errors.weighedGrams?.message}
            {...register('weighedGrams', {
              validate: (value) => (kind !== 'over_weight' || /^\d+$/.test(value.trim()) ? true : n.gramsInvalid),
            })}
          />
        )}
        <TextAreaField label={n.exceptionNote} hint={n.exceptionNoteHint} rows={2} {...register('note')} />
        <SubmitButton busy={formState.isSubmitting}>{n.record}</SubmitButton>
      </form>
      <QueueList scans={queue.scans} actionLabel={n.action} />
      <h2>
        {n.openExceptions}
        <span className="op-section-count">{open.length}</span>
      </h2>
      <ProblemMessage error={resolveError} />
      <ExceptionList exceptions={open} onResolve={(exceptionId) => void resolve(exceptionId)} />
    </Page>
  );
}
