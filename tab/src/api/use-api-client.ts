/**
 * The `/api/v1` client a view uses: the session's token and the view's language; an expired
 * development token sends the person back to choosing a demo person.
 */
import { useMemo } from 'react';
import { useT } from '../i18n';
import type { Session } from '../session';
import { ApiClient } from './client';

export function useApiClient(session: Session, onSignedOut: () => void): ApiClient {
  const { locale } = useT();
  return useMemo(
    () =>
      new ApiClient({
        baseUrl: '/api/v1',
        locale,
        getToken: () => session.getToken(),
        onUnauthorized: session.kind === 'dev' ? onSignedOut : undefined,
      }),
    [session, locale, onSignedOut],
  );
}
