import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { api, type Me } from '../../api';
import { useFormat, useMessages } from '../../i18n';
import { useSession } from '../../session';
import {
  AsyncView,
  fieldsByApiName,
  Page,
  PhotoPicker,
  ProblemMessage,
  SelectField,
  setServerErrors,
  SubmitButton,
  TextField,
  useApi,
} from '../../ui';
import {
  applyApi,
  APPLYING_KINDS,
  CATEGORY_CHOICES,
  PERMITS_BY_CATEGORY,
  type Application,
  type PermitKind,
  type UserMessage,
} from './api';
import { applyMessages } from './messages';

/** The organisation the caller applies for: the first one they own that is not verified yet. */
const applyingOrg = (me: Me | null) =>
  (me?.memberships ?? []).find(
    (m) =>
      m.role === 'owner' && (APPLYING_KINDS as readonly string[]).includes(m.orgKind) && m.orgStatus !== 'verified',
  ) ?? (me?.memberships ?? []).find((m) => m.role === 'owner' && m.orgStatus === 'verified');

/** Apply to join: register the organisation (once), then the application with its licence photo and permits. */
export function ApplyPage() {
  const t = useMessages(applyMessages);
  const { me } = useSession();
  const org = applyingOrg(me);
  return (
    <Page title={t.title}>
      <p className="muted">{t.intro}</p>
      {org ? <ApplicationSection orgId={org.orgId} orgName={org.orgName} /> : <RegisterForm />}
      <Messages />
    </Page>
  );
}

interface RegisterValues {
  kind: (typeof APPLYING_KINDS)[number];
  name: string;
  creditCode: string;
  countyCode: string;
  villageCode: string;
  contactPhone: string;
}

const registerFieldOf = fieldsByApiName<RegisterValues>([
  'kind',
  'name',
  'creditCode',
  'countyCode',
  'villageCode',
  'contactPhone',
]);

function RegisterForm() {
  const t = useMessages(applyMessages);
  const { reload } = useSession();
  const { register, handleSubmit, setError, formState } = useForm<RegisterValues>({
    defaultValues: { kind: 'cooperative', name: '', creditCode: '', countyCode: '', villageCode: '', contactPhone: '' },
  });
  const registration = useMutation({
    mutationFn: async (form: RegisterValues) => {
      await applyApi.register({
        kind: form.kind,
        name: form.name.trim(),
        creditCode: form.creditCode.trim(),
        countyCode: form.countyCode.trim(),
        ...(form.villageCode.trim() && { villageCode: form.villageCode.trim() }),
        ...(form.contactPhone.trim() && { contactPhone: form.contactPhone.trim() }),
      });
      // the new membership reaches the token at a refresh; then the session shows the organisation
      await api.renewTokens();
      await reload();
    },
    onError: (failure) => setServerErrors(setError, failure, registerFieldOf),
  });
  const { errors } = formState;
  return (
    <form
      className="card"
      onSubmit={(event) => void handleSubmit((form) => registration.mutate(form))(event)}
      data-testid="register-form"
      noValidate
    >
      <h2>{t.registerTitle}</h2>
      <SelectField label={t.kind} error={errors.kind?.message} {...register('kind')}>
        {APPLYING_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t.kindName(kind)}
          </option>
        ))}
      </SelectField>
      <TextField label={t.name} required error={errors.name?.message} {...register('name')} />
      <TextField
        label={t.creditCode}
        hint={t.creditCodeHint}
        required
        error={errors.creditCode?.message}
        {...register('creditCode')}
      />
      <TextField
        label={t.countyCode}
        inputMode="numeric"
        required
        error={errors.countyCode?.message}
        {...register('countyCode')}
      />
      <TextField
        label={t.villageCode}
        inputMode="numeric"
        error={errors.villageCode?.message}
        {...register('villageCode')}
      />
      <TextField label={t.contactPhone} type="tel" error={errors.contactPhone?.message} {...register('contactPhone')} />
      {registration.error && <ProblemMessage error={registration.error} compact />}
      <SubmitButton busy={registration.isPending}>{t.register}</SubmitButton>
    </form>
  );
}

function ApplicationSection({ orgId, orgName }: { orgId: string; orgName: string }) {
  const { data, error, loading, reload, setData } = useApi(['apply', 'application', orgId], (signal) =>
    applyApi.application(orgId, signal),
  );
  return (
    <AsyncView
      data={data === undefined ? undefined : { application: data }}
      error={error}
      loading={loading}
      onRetry={reload}
    >
      {({ application }) => (
        <ApplicationForm orgId={orgId} orgName={orgName} application={application} onChange={setData} />
      )}
    </AsyncView>
  );
}

interface ApplicationValues {
  legalRepresentative: string;
  categories: string[];
  /** The permit numbers by kind; only the kinds the chosen categories need are sent. */
  permits: Partial<Record<PermitKind, string>>;
}

/** The permits the chosen categories need (PERMITS_BY_CATEGORY), each once. */
const permitsFor = (categories: string[]): PermitKind[] => [
  ...new Set(categories.map((category) => PERMITS_BY_CATEGORY[category]).filter((kind): kind is PermitKind => !!kind)),
];

const applicationFieldOf = fieldsByApiName<ApplicationValues>(['legalRepresentative', 'categories', 'permits']);

function ApplicationForm({
  orgId,
  orgName,
  application,
  onChange,
}: {
  orgId: string;
  orgName: string;
  application: Application | null;
  onChange: (application: Application) => void;
}) {
  const t = useMessages(applyMessages);
  const { register, handleSubmit, setError, watch, formState } = useForm<ApplicationValues>({
    defaultValues: {
      legalRepresentative: application?.legalRepresentative ?? '',
      categories: application?.categories ?? [],
      permits: Object.fromEntries((application?.permits ?? []).map((permit) => [permit.kind, permit.number ?? ''])),
    },
  });
  // uploads and the submission: one at a time, each with its notice
  const [error, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string>();
  const editable = !application || application.status === 'draft' || application.status === 'rejected';
  const required = permitsFor(watch('categories'));

  const run = async (what: string, call: () => Promise<Application>, done?: string) => {
    setBusy(what);
    setFailure(undefined);
    setNotice(undefined);
    try {
      onChange(await call());
      setNotice(done);
    } catch (caught) {
      setFailure(caught);
    } finally {
      setBusy(null);
    }
  };
  const save = useMutation({
    mutationFn: (form: ApplicationValues) =>
      applyApi.save(orgId, {
        legalRepresentative: form.legalRepresentative.trim(),
        categories: form.categories,
        permits: permitsFor(form.categories)
          .filter((kind) => form.permits[kind]?.trim())
          .map((kind) => ({ kind, number: form.permits[kind]!.trim() })),
      }),
    onMutate: () => {
      setFailure(undefined);
      setNotice(undefined);
    },
    onSuccess: (saved) => {
      onChange(saved);
      setNotice(t.saved);
    },
    onError: (failure) => setServerErrors(setError, failure, applicationFieldOf),
  });
  const working = busy !== null || save.isPending;
  const { errors } = formState;

  return (
    <section className="card" data-testid="application" data-org={orgId}>
      <h2>
        {t.applicationTitle} · {orgName}
      </h2>
      {application && (
        <dl className="facts">
          <dt>{t.status}</dt>
          <dd data-testid="application-status">{t.statusName(application.status)}</dd>
          {application.status === 'rejected' && application.reason && (
            <>
              <dt>{t.reason}</dt>
              <dd data-testid="application-reason">{application.reason}</dd>
            </>
          )}
        </dl>
      )}
      {application?.status === 'approved' && (
        <p>
          {t.approved} <Link to="/seller">{t.toSeller}</Link>
        </p>
      )}
      {notice && <p className="notice">{notice}</p>}
      {editable && (
        <form onSubmit={(event) => void handleSubmit((form) => save.mutate(form))(event)} noValidate>
          <TextField
            label={t.legalRepresentative}
            required
            error={errors.legalRepresentative?.message}
            {...register('legalRepresentative')}
          />
          <fieldset>
            <legend>{t.categories}</legend>
            {CATEGORY_CHOICES.map((category) => (
              <label key={category} className="choice">
                <input type="checkbox" value={category} {...register('categories')} /> {t.categoryName(category)}
                {PERMITS_BY_CATEGORY[category] && (
                  <span className="muted small">
                    {' '}
                    （{t.permitNeeded(t.permitName(PERMITS_BY_CATEGORY[category]))}）
                  </span>
                )}
              </label>
            ))}
          </fieldset>
          {required.map((kind) => (
            <TextField
              key={kind}
              label={t.permitNumber(t.permitName(kind))}
              error={errors.permits?.message}
              {...register(`permits.${kind}`)}
            />
          ))}
          <SubmitButton busy={save.isPending} disabled={working}>
            {t.save}
          </SubmitButton>
        </form>
      )}
      {application && (
        <div className="application-photos">
          <h3>{t.licence}</h3>
          {application.licencePhoto && (
            <img
              className="document-photo"
              data-testid="licence-photo"
              src={application.licencePhoto.thumb}
              alt={t.licence}
              width={160}
              height={160}
            />
          )}
          {editable && (
            <PhotoPicker
              name="licence"
              label={busy === 'licence' ? t.uploading : application.licencePhoto ? t.retakeLicence : t.takeLicence}
              hint={t.licenceHint}
              disabled={working}
              onPick={(photo) => void run('licence', () => applyApi.uploadLicence(orgId, photo), t.photoTaken)}
            />
          )}
          {application.permits.map((permit) => (
            <div key={permit.kind} data-testid={`permit-${permit.kind}`}>
              <h3>{t.permitName(permit.kind)}</h3>
              {permit.photo && (
                <img className="document-photo" src={permit.photo.thumb} alt="" width={160} height={160} />
              )}
              {editable && (
                <PhotoPicker
                  name={`permit-photo-${permit.kind}`}
                  label={busy === permit.kind ? t.uploading : t.takePermit(t.permitName(permit.kind))}
                  disabled={working}
                  onPick={(photo) =>
                    void run(permit.kind, () => applyApi.uploadPermit(orgId, permit.kind, photo), t.photoTaken)
                  }
                />
              )}
            </div>
          ))}
        </div>
      )}
      {application && editable && (
        <p>
          <button
            type="button"
            className="button"
            disabled={working}
            onClick={() => void run('submit', () => applyApi.submit(orgId), t.submitted)}
          >
            {t.submit}
          </button>
        </p>
      )}
      <ProblemMessage error={error ?? save.error ?? undefined} compact />
    </section>
  );
}

function Messages() {
  const t = useMessages(applyMessages);
  const f = useFormat();
  const { data } = useApi(['apply', 'messages'], (signal) => applyApi.messages(signal));
  const text = (message: UserMessage) =>
    message.kind === 'application_approved'
      ? t.messageApproved(message.params.orgName ?? '')
      : t.messageRejected(message.params.orgName ?? '', message.params.reason ?? '');
  return (
    <section className="card" aria-labelledby="my-messages">
      <h2 id="my-messages">{t.messages}</h2>
      {!data || data.length === 0 ? (
        <p className="muted">{t.noMessages}</p>
      ) : (
        <ul className="list" data-testid="messages">
          {data.map((message) => (
            <li key={message.id}>
              <span>{text(message)}</span> <span className="muted small">{f.dateTime(message.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
