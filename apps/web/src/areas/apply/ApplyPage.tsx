import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, fieldErrorOf, type Me } from '../../api';
import { useFormat, useMessages } from '../../i18n';
import { useSession } from '../../session';
import { AsyncView, Page, PhotoPicker, ProblemMessage, SelectField, SubmitButton, TextField, useApi } from '../../ui';
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

function RegisterForm() {
  const t = useMessages(applyMessages);
  const { reload } = useSession();
  const [form, setForm] = useState({
    kind: 'cooperative',
    name: '',
    creditCode: '',
    countyCode: '',
    villageCode: '',
    contactPhone: '',
  });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof form) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setForm((current) => ({ ...current, [field]: value }));
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await applyApi.register({
        kind: form.kind as (typeof APPLYING_KINDS)[number],
        name: form.name.trim(),
        creditCode: form.creditCode.trim(),
        countyCode: form.countyCode.trim(),
        ...(form.villageCode.trim() && { villageCode: form.villageCode.trim() }),
        ...(form.contactPhone.trim() && { contactPhone: form.contactPhone.trim() }),
      });
      // the new membership reaches the token at a refresh; then the session shows the organisation
      await api.renewTokens();
      await reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={(event) => void submit(event)} data-testid="register-form" noValidate>
      <h2>{t.registerTitle}</h2>
      <SelectField label={t.kind} name="kind" value={form.kind} onChange={set('kind')}>
        {APPLYING_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t.kindName(kind)}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t.name}
        name="name"
        value={form.name}
        onChange={set('name')}
        required
        error={fieldErrorOf(error, 'name')}
      />
      <TextField
        label={t.creditCode}
        name="creditCode"
        hint={t.creditCodeHint}
        value={form.creditCode}
        onChange={set('creditCode')}
        required
        error={fieldErrorOf(error, 'creditCode')}
      />
      <TextField
        label={t.countyCode}
        name="countyCode"
        inputMode="numeric"
        value={form.countyCode}
        onChange={set('countyCode')}
        required
        error={fieldErrorOf(error, 'countyCode')}
      />
      <TextField
        label={t.villageCode}
        name="villageCode"
        inputMode="numeric"
        value={form.villageCode}
        onChange={set('villageCode')}
        error={fieldErrorOf(error, 'villageCode')}
      />
      <TextField
        label={t.contactPhone}
        name="contactPhone"
        type="tel"
        value={form.contactPhone}
        onChange={set('contactPhone')}
        error={fieldErrorOf(error, 'contactPhone')}
      />
      <ProblemMessage error={error} compact />
      <SubmitButton busy={busy}>{t.register}</SubmitButton>
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
  const [legalRepresentative, setLegalRepresentative] = useState(application?.legalRepresentative ?? '');
  const [categories, setCategories] = useState<string[]>(application?.categories ?? []);
  const [numbers, setNumbers] = useState<Partial<Record<PermitKind, string>>>(
    Object.fromEntries((application?.permits ?? []).map((permit) => [permit.kind, permit.number ?? ''])),
  );
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string>();
  const editable = !application || application.status === 'draft' || application.status === 'rejected';
  const required = [...new Set(categories.map((c) => PERMITS_BY_CATEGORY[c]).filter((k): k is PermitKind => !!k))];

  const run = async (what: string, call: () => Promise<Application>, done?: string) => {
    setBusy(what);
    setError(undefined);
    setNotice(undefined);
    try {
      onChange(await call());
      setNotice(done);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };
  const save = () =>
    applyApi.save(orgId, {
      legalRepresentative: legalRepresentative.trim(),
      categories,
      permits: required
        .filter((kind) => numbers[kind]?.trim())
        .map((kind) => ({ kind, number: numbers[kind]!.trim() })),
    });

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
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void run('save', save, t.saved);
          }}
          noValidate
        >
          <TextField
            label={t.legalRepresentative}
            name="legalRepresentative"
            value={legalRepresentative}
            onChange={(event) => setLegalRepresentative(event.currentTarget.value)}
            required
            error={fieldErrorOf(error, 'legalRepresentative')}
          />
          <fieldset>
            <legend>{t.categories}</legend>
            {CATEGORY_CHOICES.map((category) => (
              <label key={category} className="choice">
                <input
                  type="checkbox"
                  name="categories"
                  value={category}
                  checked={categories.includes(category)}
                  onChange={(event) => {
                    const checked = event.currentTarget.checked;
                    setCategories((current) =>
                      checked ? [...current, category] : current.filter((c) => c !== category),
                    );
                  }}
                />{' '}
                {t.categoryName(category)}
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
              name={`permit-${kind}`}
              value={numbers[kind] ?? ''}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setNumbers((current) => ({ ...current, [kind]: value }));
              }}
              error={fieldErrorOf(error, 'permits')}
            />
          ))}
          <SubmitButton busy={busy === 'save'}>{t.save}</SubmitButton>
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
              disabled={busy !== null}
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
                  disabled={busy !== null}
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
            disabled={busy !== null}
            onClick={() => void run('submit', () => applyApi.submit(orgId), t.submitted)}
          >
            {t.submit}
          </button>
        </p>
      )}
      <ProblemMessage error={error} compact />
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
