import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useMessages } from '../../i18n';
import { ProblemMessage, setServerErrors, SubmitButton, TextField } from '../../ui';
import { sellerApi, type CatalogSeller } from './api';
import { Notice } from './components';
import { sellerMessages } from './messages';

/**
 * The owner publishes the shop's customer hotline (客服电话): the only number the public trace page shows. Empty
 * withdraws it. Other members see it without the form.
 */
export function HotlineForm({
  seller,
  isOwner,
  onSaved,
}: {
  seller: CatalogSeller;
  isOwner: boolean;
  onSaved: () => void;
}) {
  const t = useMessages(sellerMessages);
  const { register, handleSubmit, setError, formState } = useForm<{ hotline: string }>({
    defaultValues: { hotline: seller.hotline ?? '' },
  });
  const save = useMutation({
    mutationFn: (hotline: string) => sellerApi.setHotline(seller.orgId, hotline.trim() || null),
    onSuccess: onSaved,
    onError: (failure) => setServerErrors(setError, failure, (field) => (field === 'hotline' ? 'hotline' : undefined)),
  });
  if (!isOwner) {
    return (
      <p className="small" data-testid="hotline">
        {t.hotline}：{seller.hotline ?? t.hotlineNone}
      </p>
    );
  }
  return (
    <form
      className="form"
      noValidate
      data-testid="hotline-form"
      onSubmit={(event) => void handleSubmit((form) => save.mutate(form.hotline))(event)}
    >
      <TextField
        label={t.hotline}
        hint={t.hotlineHint}
        inputMode="tel"
        autoComplete="tel"
        error={formState.errors.hotline?.message}
        {...register('hotline')}
      />
      {save.isSuccess && <Notice>{t.saved}</Notice>}
      {save.error && !formState.errors.hotline && <ProblemMessage error={save.error} compact />}
      <SubmitButton busy={save.isPending} className="button button-secondary">
        {t.hotlineSave}
      </SubmitButton>
    </form>
  );
}
