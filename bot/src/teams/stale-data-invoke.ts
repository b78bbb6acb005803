/**
 * `adaptiveCard/action` invokes of the stale-data reminder: "still correct" on one association.
 * The person is the contact person whose personal chat this is (found through the register, never
 * through what the card says); the association's data is saved as it is with the card's ETag, and
 * the answer is the card again as it is now, with a notice: checked, changed meanwhile (the card
 * then has the new ETag), gone, or not theirs.
 */
import type { AdaptiveCardInvokeResponse, Activity } from 'botbuilder';
import { t } from '@yhdistysyhteistyo/contract/i18n';
import type { UserRoles } from '@yhdistysyhteistyo/contract/people';
import type { Locale } from '@yhdistysyhteistyo/contract/time';
import { CARD_CONTENT_TYPE, type AdaptiveCard } from '../cards/common';
import { VERBS } from '../cards/verbs';
import type { Logger } from '../log';

/** A contact person as the register knows them. */
export interface StaleDataActor {
  readonly upn: string;
  readonly roles: UserRoles;
  readonly units: readonly string[];
}

export type StaleDataConfirmOutcome =
  | { readonly ok: true; readonly name: string }
  | { readonly ok: false; readonly why: 'changed' | 'gone' | 'forbidden'; readonly name?: string };

export interface StaleDataInvokeDeps {
  /** The contact person of the Teams user pressing the button; undefined for anyone else. */
  personOf(from: {
    readonly aadObjectId: string;
    readonly tenantId?: string;
  }): Promise<StaleDataActor | undefined>;
  confirm(
    actor: StaleDataActor,
    associationId: string,
    etag: string,
  ): Promise<StaleDataConfirmOutcome>;
  card(
    units: readonly string[],
    locale: Locale,
    notice: { readonly text: string; readonly good: boolean },
  ): Promise<AdaptiveCard>;
  readonly log: Pick<Logger, 'info' | 'warn' | 'error'>;
}

export function isStaleDataVerb(verb: unknown): boolean {
  return verb === VERBS.staleDataConfirm;
}

function messageResponse(text: string): AdaptiveCardInvokeResponse {
  // The Universal Actions message response carries a string; botbuilder types `value` as an object.
  const value = text as unknown as Record<string, unknown>;
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value };
}

export async function handleStaleDataInvoke(
  activity: Partial<Activity>,
  locale: Locale,
  deps: StaleDataInvokeDeps,
): Promise<AdaptiveCardInvokeResponse> {
  const value = (activity.value ?? {}) as { action?: { data?: unknown } };
  const data = (
    value.action?.data && typeof value.action.data === 'object' ? value.action.data : {}
  ) as Record<string, unknown>;
  const associationId = typeof data.associationId === 'string' ? data.associationId : '';
  const etag = typeof data.etag === 'string' ? data.etag : '';
  const aadObjectId = activity.from?.aadObjectId ?? '';
  const tenantId = activity.conversation?.tenantId;
  if (!aadObjectId || !associationId || associationId.length > 100 || etag.length > 200) {
    return messageResponse(t(locale, 'staleData.card.notAllowed'));
  }
  const actor = await deps.personOf({ aadObjectId, ...(tenantId ? { tenantId } : {}) });
  if (!actor) return messageResponse(t(locale, 'staleData.card.notAllowed'));
  let notice: { text: string; good: boolean };
  try {
    const outcome = await deps.confirm(actor, associationId, etag);
    const name = outcome.name ?? '';
    notice = outcome.ok
      ? { text: t(locale, 'staleData.card.confirmed', { name }), good: true }
      : outcome.why === 'changed'
        ? { text: t(locale, 'staleData.card.changed', { name }), good: false }
        : outcome.why === 'gone'
          ? { text: t(locale, 'staleData.card.gone'), good: false }
          : { text: t(locale, 'staleData.card.notAllowed'), good: false };
    deps.log.info({ associationId, outcome: outcome.ok ? 'ok' : outcome.why }, 'still correct');
  } catch (error) {
    deps.log.error({ err: error, associationId }, 'still correct not saved');
    notice = { text: t(locale, 'staleData.card.failed'), good: false };
  }
  return {
    statusCode: 200,
    type: CARD_CONTENT_TYPE,
    value: (await deps.card(actor.units, locale, notice)) as unknown as Record<string, unknown>,
  };
}
