import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, ProblemMessage, useApi } from '../../../ui';
import { AddressForm, addressLine } from '../AddressForm';
import { buyerApi } from '../api';
import { buyerMessages } from '../messages';

/** The buyer's own address book: add (with the cascading place picker), change, delete, choose the default. */
export function AddressBookPage() {
  const t = useMessages(buyerMessages);
  const queryClient = useQueryClient();
  const book = useApi(['buyer', 'addresses'], (signal) => buyerApi.addresses.list(signal));
  /** 'new', an address id being changed, or null. */
  const [editing, setEditing] = useState<string | null>(null);
  const changed = () => {
    setEditing(null);
    void queryClient.invalidateQueries({ queryKey: ['buyer', 'addresses'] });
  };
  const makeDefault = useMutation({ mutationFn: buyerApi.addresses.makeDefault, onSuccess: changed });
  const remove = useMutation({ mutationFn: buyerApi.addresses.remove, onSuccess: changed });

  return (
    <Page title={t.addressBookTitle} className="page-narrow">
      <ProblemMessage error={makeDefault.error ?? remove.error} />
      <AsyncView
        {...book}
        onRetry={book.reload}
        isEmpty={(list) => list.length === 0 && editing !== 'new'}
        empty={<EmptyState title={t.addressNone} />}
      >
        {(list) => (
          <ul className="plain-list">
            {list.map((address) =>
              editing === address.id ? (
                <li key={address.id}>
                  <AddressForm address={address} onSaved={changed} onCancel={() => setEditing(null)} />
                </li>
              ) : (
                <li className="card" key={address.id} data-testid="address-row">
                  <p>
                    {address.isDefault && <span className="tag">{t.addressDefault}</span>} {addressLine(address)}
                  </p>
                  <p className="spread">
                    {!address.isDefault && (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        onClick={() => makeDefault.mutate(address.id)}
                      >
                        {t.addressMakeDefault}
                      </button>
                    )}
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      onClick={() => setEditing(address.id)}
                    >
                      {t.addressEdit}
                    </button>
                    <button
                      type="button"
                      className="button button-danger button-small"
                      onClick={() => remove.mutate(address.id)}
                    >
                      {t.addressDelete}
                    </button>
                  </p>
                </li>
              ),
            )}
          </ul>
        )}
      </AsyncView>
      {editing === 'new' ? (
        <AddressForm onSaved={changed} onCancel={() => setEditing(null)} />
      ) : (
        <button type="button" className="button button-block" onClick={() => setEditing('new')}>
          {t.addressAdd}
        </button>
      )}
    </Page>
  );
}
