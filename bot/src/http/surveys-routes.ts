/**
 * Surveys and indicators in the tab's API. Coordinators build, open, close and copy surveys and
 * see the answering links of associations; everyone signed in reads the results of opened
 * surveys and the indicators (the steering group reads them).
 *
 *   GET    /api/v1/surveys                          → {items: SurveyView[]}
 *   POST   /api/v1/surveys      SurveyInput | {template, year} → 201 SurveyView (ETag)
 *   POST   /api/v1/surveys/preview  {survey: SurveyInput, locale} → {card} (nothing stored)
 *   GET    /api/v1/surveys/:id                      → SurveyView (ETag)
 *   PUT    /api/v1/surveys/:id  If-Match, SurveyInput → SurveyView (drafts only)
 *   DELETE /api/v1/surveys/:id  If-Match            → 204 (drafts only)
 *   POST   /api/v1/surveys/:id/open|close [If-Match] → SurveyView (open: + card, queued|scheduled|notPosted|failed)
 *   POST   /api/v1/surveys/:id/copy  {year}         → 201 SurveyView
 *   GET    /api/v1/surveys/:id/results              → {survey, results, history} (O(questions))
 *   GET    /api/v1/surveys/:id/texts                → {texts} (free answers, by question)
 *   POST   /api/v1/surveys/:id/results/post         → {card: queued|notPosted} (outbox, to the channel)
 *   GET    /api/v1/surveys/:id/results.csv          → text/csv (';', UTF-8 BOM, CRLF)
 *   GET    /api/v1/surveys/:id/links                → {items: [{associationId, name, url}]}
 *   GET    /api/v1/indicators                       → {items: IndicatorView[]}
 *   PUT    /api/v1/indicators/:id  If-Match, {baseline?, values?} → IndicatorView
 */
import type { Server } from 'restify';
import { isLocale, t } from '@yhdistysyhteistyo/contract/i18n';
import { localized } from '@yhdistysyhteistyo/contract/events/model';
import type { Survey } from '@yhdistysyhteistyo/contract/surveys/model';
import type { SurveyResults } from '@yhdistysyhteistyo/contract/surveys/results';
import { isTemplateId } from '@yhdistysyhteistyo/contract/surveys/indicators';
import { formatDate, type Locale } from '@yhdistysyhteistyo/contract/time';
import { serializeCsv } from '../domain/csv';
import { StaleVersionError, SurveyContentionError, type Versioned } from '../domain/errors';
import { SurveysProblem, type SurveysService } from '../domain/surveys-service';
import { requestContext } from './context';
import { ApiError, notFound } from './errors';
import {
  baseUrl,
  conflict,
  fileName,
  ifMatch,
  isCoordinator,
  param,
  requireCoordinator,
  type FeedSecretPort,
} from './events-common';
import type { RouteModule } from './server';
import { surveyAnswerUrl } from './signed-links';
import { secured, type AuthDeps, type SecuredRoute, type UserContext } from './user-context';

export interface SurveysRoutesDeps extends AuthDeps {
  readonly service: SurveysService;
  readonly feedSecret: Pick<FeedSecretPort, 'current'>;
  /** The associations that get an answering link. */
  readonly associations: { all(): Promise<readonly { id: string; name: string }[]> };
  readonly publicUrl?: string;
}

export type SurveyView = Survey & { readonly etag: string };
const view = (s: Versioned<Survey>): SurveyView => ({ ...s.value, etag: s.etag });

/** The domain's refusals as the API's errors; a date in the reader's style. */
function mapError(error: unknown, locale: Locale): unknown {
  if (error instanceof SurveysProblem) {
    const params = { ...error.params };
    if (typeof params.date === 'string') params.date = formatDate(params.date, locale);
    return new ApiError(error.status, error.code, error.messageKey, params, error.fields);
  }
  if (error instanceof SurveyContentionError)
    return new ApiError(503, 'busy', 'surveys.error.busy');
  if (error instanceof StaleVersionError) {
    const current = error.current as Versioned<Survey> | null;
    return conflict(current ? { ...current.value, etag: current.etag } : null);
  }
  return error;
}

/** The results as CSV rows: one per question and answer, Finnish decimals in Finnish. */
export function resultsRows(survey: Survey, results: SurveyResults, locale: Locale): string[][] {
  const pct = (share: number) => {
    const s = (Math.round(share * 1000) / 10).toFixed(1);
    return locale === 'fi' ? s.replace('.', ',') : s;
  };
  const header = ['question', 'kind', 'answers', 'value', 'count', 'share', 'agree'].map((k) =>
    t(locale, `surveys.csv.${k}` as 'surveys.csv.question'),
  );
  const rows: string[][] = [header];
  for (const q of results.questions) {
    const text = localized(q.text, locale);
    const kind = t(locale, `surveys.kind.${q.kind}`);
    const agree = q.agreeShare !== undefined ? pct(q.agreeShare) : '';
    if (q.tooFew || !q.distribution) {
      const note = q.tooFew ? t(locale, 'surveys.results.tooFew') : '';
      rows.push([text, kind, q.tooFew ? '' : String(q.n), note, '', '', '']);
      continue;
    }
    const question = survey.questions.find((x) => x.id === q.id);
    for (const bar of q.distribution) {
      const option = question?.options.find((o) => o.id === bar.value);
      const label = option
        ? localized(option.text, locale)
        : t(locale, `surveys.value.${bar.value}` as 'surveys.value.good');
      rows.push([text, kind, String(q.n), label, String(bar.count), pct(bar.share), agree]);
    }
  }
  return rows;
}

export function surveysRoutes(deps: SurveysRoutesDeps): RouteModule {
  const area = (fn: SecuredRoute) =>
    secured(deps, async (req, res, user) => {
      try {
        await fn(req, res, user);
      } catch (error) {
        throw mapError(error, requestContext(req).locale);
      }
    });
  const actor = (user: UserContext) => ({ id: user.identity.upn });
  const visible = async (user: UserContext, id: string) => {
    const found = await deps.service.load(id);
    if (found.value.state === 'draft' && !isCoordinator(user)) throw notFound();
    return found;
  };

  return (server: Server) => {
    server.get(
      '/api/v1/surveys',
      area(async (_req, res, user) => {
        const all = await deps.service.list();
        const items = all.filter((s) => s.value.state !== 'draft' || isCoordinator(user)).map(view);
        res.send(200, { items });
      }),
    );

    server.post(
      '/api/v1/surveys',
      area(async (req, res, user) => {
        requireCoordinator(user);
        const body = (req.body ?? {}) as Record<string, unknown>;
        let created: Versioned<Survey>;
        if ('template' in body && !('questions' in body)) {
          const year = Number(body.year);
          if (
            !isTemplateId(body.template) ||
            !Number.isInteger(year) ||
            year < 2000 ||
            year > 2100
          ) {
            throw new ApiError(
              400,
              'validation',
              'error.validation',
              {},
              { year: 'surveys.error.year' },
            );
          }
          created = await deps.service.fromTemplate(body.template, year, actor(user));
        } else {
          created = await deps.service.create(body, actor(user));
        }
        res.header('ETag', created.etag);
        res.send(201, view(created));
      }),
    );

    // The card the draft would post, as the builder has it now; validated as a save, not stored.
    server.post(
      '/api/v1/surveys/preview',
      area(async (req, res, user) => {
        requireCoordinator(user);
        const body = (req.body ?? {}) as { survey?: unknown; locale?: unknown };
        const locale = isLocale(body.locale) ? body.locale : requestContext(req).locale;
        res.send(200, { card: await deps.service.preview(body.survey, locale, actor(user)) });
      }),
    );

    server.get(
      '/api/v1/surveys/:id',
      area(async (req, res, user) => {
        const found = await visible(user, param(req, 'id'));
        res.header('ETag', found.etag);
        res.send(200, view(found));
      }),
    );

    server.put(
      '/api/v1/surveys/:id',
      area(async (req, res, user) => {
        requireCoordinator(user);
        const saved = await deps.service.edit(
          param(req, 'id'),
          req.body,
          ifMatch(req),
          actor(user),
        );
        res.header('ETag', saved.etag);
        res.send(200, view(saved));
      }),
    );

    server.del(
      '/api/v1/surveys/:id',
      area(async (req, res, user) => {
        requireCoordinator(user);
        await deps.service.remove(param(req, 'id'), ifMatch(req));
        res.send(204);
      }),
    );

    for (const step of ['open', 'close'] as const) {
      server.post(
        `/api/v1/surveys/:id/${step}`,
        area(async (req, res, user) => {
          requireCoordinator(user);
          const etag = req.header('if-match') || undefined;
          const saved = await deps.service[step](param(req, 'id'), actor(user), etag);
          res.header('ETag', saved.etag);
          res.send(200, { ...view(saved), ...('card' in saved ? { card: saved.card } : {}) });
        }),
      );
    }

    server.post(
      '/api/v1/surveys/:id/copy',
      area(async (req, res, user) => {
        requireCoordinator(user);
        const year = Number((req.body as { year?: unknown } | undefined)?.year);
        if (!Number.isInteger(year) || year < 2000 || year > 2100) {
          throw new ApiError(
            400,
            'validation',
            'error.validation',
            {},
            { year: 'surveys.error.year' },
          );
        }
        const copy = await deps.service.copy(param(req, 'id'), year, actor(user));
        res.header('ETag', copy.etag);
        res.send(201, view(copy));
      }),
    );

    server.get(
      '/api/v1/surveys/:id/results',
      area(async (req, res, user) => {
        const found = await visible(user, param(req, 'id'));
        const [{ results }, history] = await Promise.all([
          deps.service.results(found.value.id),
          deps.service.history(found.value),
        ]);
        res.send(200, { survey: view(found), results, history });
      }),
    );

    server.post(
      '/api/v1/surveys/:id/results/post',
      area(async (req, res, user) => {
        requireCoordinator(user);
        res.send(200, { card: await deps.service.postResults(param(req, 'id')) });
      }),
    );

    // Free texts read every answer: a request of their own, so the results never wait on them.
    server.get(
      '/api/v1/surveys/:id/texts',
      area(async (req, res, user) => {
        const found = await visible(user, param(req, 'id'));
        res.send(200, { texts: await deps.service.texts(found.value.id) });
      }),
    );

    server.get(
      '/api/v1/surveys/:id/results.csv',
      area(async (req, res, user) => {
        const found = await visible(user, param(req, 'id'));
        const locale = requestContext(req).locale;
        const { results } = await deps.service.results(found.value.id);
        const csv = serializeCsv(resultsRows(found.value, results, locale));
        res.sendRaw(200, csv, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${fileName(localized(found.value.title, locale), 'csv')}"`,
          'Cache-Control': 'no-store',
        });
      }),
    );

    server.get(
      '/api/v1/surveys/:id/links',
      area(async (req, res, user) => {
        requireCoordinator(user);
        const found = await deps.service.load(param(req, 'id'));
        const secret = (await deps.feedSecret.current()).secret;
        const base = baseUrl(deps.publicUrl, req);
        const items = (await deps.associations.all()).map((a) => ({
          associationId: a.id,
          name: a.name,
          url: surveyAnswerUrl(base, secret, found.value.id, a.id),
        }));
        res.send(200, { items });
      }),
    );

    server.get(
      '/api/v1/indicators',
      area(async (_req, res) => {
        res.send(200, { items: await deps.service.indicators() });
      }),
    );

    server.put(
      '/api/v1/indicators/:id',
      area(async (req, res, user) => {
        requireCoordinator(user);
        const saved = await deps.service.editIndicator(param(req, 'id'), req.body, ifMatch(req));
        res.header('ETag', saved.etag);
        res.send(200, { indicator: saved.value, etag: saved.etag });
      }),
    );
  };
}
