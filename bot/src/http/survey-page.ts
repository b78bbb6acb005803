/**
 * The answer page for associations that are not in Teams: one signed link per association,
 * sent by the coordinator with the mailing list, valid while the survey takes answers. A plain
 * HTML form (no script) that works with a screen reader, a keyboard and a phone; a new answer
 * from the same link replaces the earlier one.
 *
 *   GET  /survey/:surveyId/:associationId?sig=[&lang=fi|en]  → the form
 *   POST /survey/:surveyId/:associationId?sig=  (form data) → saved, or the form with its errors
 */
import type { Request, Response, Server } from 'restify';
import { t, type MessageKey } from '@yhdistysyhteistyo/contract/i18n';
import { localized } from '@yhdistysyhteistyo/contract/events/model';
import { valuesOf, type Answers, type Survey } from '@yhdistysyhteistyo/contract/surveys/model';
import { formatDate, type Locale } from '@yhdistysyhteistyo/contract/time';
import { SurveysProblem, problemText, type SurveysService } from '../domain/surveys-service';
import { handle } from './handler';
import { localeOf, param, query, type FeedSecretPort } from './events-common';
import type { RouteModule } from './server';
import { surveyAnswerParts, verifySigned } from './signed-links';

export interface SurveyPageDeps {
  readonly service: Pick<SurveysService, 'load' | 'answer' | 'refusal'>;
  readonly feedSecret: Pick<FeedSecretPort, 'verify'>;
  readonly associations: { get(id: string): Promise<{ readonly name: string } | undefined> };
}

const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

const STYLE = `body{font:16px/1.5 system-ui,"Segoe UI",sans-serif;margin:0;color:#1b1b1b;background:#fff}
main{max-width:42rem;margin:0 auto;padding:1rem}
fieldset{border:1px solid #767676;border-radius:4px;margin:0 0 1rem;padding:.5rem 1rem}
legend{font-weight:600;padding:0 .25rem}label{display:block;padding:.25rem 0}
textarea{width:100%;min-height:6rem;font:inherit;box-sizing:border-box}
button{font:inherit;padding:.5rem 1.25rem;background:#0f548c;color:#fff;border:0;border-radius:4px}
button:focus,input:focus,textarea:focus,a:focus{outline:3px solid #000;outline-offset:2px}
.error{color:#a4262c;font-weight:600}.box{border:2px solid #a4262c;padding:.5rem 1rem;margin-bottom:1rem}
.saved{border:2px solid #107c10;padding:.5rem 1rem;margin-bottom:1rem}
@media (prefers-color-scheme: dark){body{background:#1f1f1f;color:#f0f0f0}a{color:#9cc8ff}
.error{color:#ff9a9a}fieldset{border-color:#aaa}button{background:#2886de;color:#000}
button:focus,input:focus,textarea:focus,a:focus{outline-color:#fff}}`;

interface Form {
  readonly survey: Survey;
  readonly association: string;
  readonly locale: Locale;
  readonly values: Answers;
  readonly errors: Readonly<Record<string, string>>;
  readonly notice?: { readonly kind: 'saved' | 'refused'; readonly text: string };
  readonly action: string;
}

function questionHtml(form: Form, index: number): string {
  const q = form.survey.questions[index];
  if (!q) return '';
  const { locale } = form;
  const name = `q-${q.id}`;
  const error = form.errors[q.id];
  const errorId = `${name}-error`;
  const errorHtml = error ? `<p class="error" id="${errorId}">${esc(error)}</p>` : '';
  const described = error ? ` aria-describedby="${errorId}"` : '';
  const title = `${index + 1}. ${esc(localized(q.text, locale))}`;
  const value = form.values[q.id];
  if (q.kind === 'text') {
    const text = typeof value === 'string' ? value : '';
    return `<div><label for="${name}"><strong>${title}</strong></label>${errorHtml}<textarea id="${name}" name="${q.id}" maxlength="2000"${described}>${esc(text)}</textarea></div>`;
  }
  const multiple = q.kind === 'multiple';
  const chosen = new Set(typeof value === 'string' ? [value] : (value ?? []));
  const options = valuesOf(q)
    .map((v, i) => {
      const option = q.options.find((o) => o.id === v);
      const label = option
        ? localized(option.text, locale)
        : t(locale, `surveys.value.${v}` as MessageKey);
      const id = `${name}-${i}`;
      return `<label for="${id}"><input type="${multiple ? 'checkbox' : 'radio'}" id="${id}" name="${q.id}" value="${esc(v)}"${chosen.has(v) ? ' checked' : ''}> ${esc(label)}</label>`;
    })
    .join('');
  return `<fieldset id="${name}"${described}><legend>${title}</legend>${errorHtml}${options}</fieldset>`;
}

export function surveyPageHtml(form: Form): string {
  const { survey, locale } = form;
  const title = localized(survey.title, locale);
  const last = formatDate(
    new Date(Date.parse(survey.closesAt) - 12 * 3_600_000).toISOString(),
    locale,
  );
  const errorList = Object.entries(form.errors)
    .map(([id, message]) => `<li><a href="#q-${esc(id)}">${esc(message)}</a></li>`)
    .join('');
  const errorBox = errorList
    ? `<div class="box" role="alert"><h2>${esc(t(locale, 'surveys.page.errorsTitle'))}</h2><ul>${errorList}</ul></div>`
    : '';
  const notice = form.notice
    ? form.notice.kind === 'saved'
      ? `<div class="saved" role="status"><h2>${esc(t(locale, 'surveys.page.savedTitle'))}</h2><p>${esc(form.notice.text)}</p></div>`
      : `<div class="box" role="alert"><p class="error">${esc(form.notice.text)}</p></div>`
    : '';
  const other: Locale = locale === 'fi' ? 'en' : 'fi';
  const switchHref = `${form.action}&lang=${other}`;
  const questions = survey.questions.map((_, i) => questionHtml(form, i)).join('');
  const closed = form.notice?.kind === 'refused';
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(t(locale, 'surveys.page.title', { title }))}</title><style>${STYLE}</style></head>
<body><main>
<p><a href="${esc(switchHref)}" lang="${other}">${other === 'en' ? 'In English' : 'Suomeksi'}</a></p>
<h1>${esc(title)}</h1>
${notice}${errorBox}
<p>${esc(localized(survey.intro, locale))}</p>
<p>${esc(t(locale, 'surveys.page.association', { name: form.association }))}</p>
<p>${esc(t(locale, survey.anonymous ? 'surveys.card.anonymous' : 'surveys.card.named'))}</p>
<p>${esc(t(locale, 'surveys.card.savedChange', { date: last }))}</p>
${
  closed
    ? ''
    : `<form method="post" action="${esc(form.action)}&amp;lang=${locale}" novalidate>${questions}<button type="submit">${esc(t(locale, 'surveys.card.send'))}</button></form>`
}
</main></body></html>`;
}

function send(res: Response, status: number, html: string): void {
  res.sendRaw(status, html, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': PAGE_CSP,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  });
}

function errorPage(res: Response, status: number, locale: Locale, key: MessageKey): void {
  send(
    res,
    status,
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(t(locale, key))}</title><style>${STYLE}</style></head><body><main><h1>${esc(t(locale, key))}</h1></main></body></html>`,
  );
}

export function surveyPageRoutes(deps: SurveyPageDeps): RouteModule {
  /** The survey and association of a valid link, or undefined after answering the error page. */
  async function open(req: Request, res: Response) {
    const locale = localeOf(req);
    const surveyId = param(req, 'surveyId');
    const associationId = param(req, 'associationId');
    const sig = query(req, 'sig');
    if (
      !(await verifySigned(deps.feedSecret, sig, ...surveyAnswerParts(surveyId, associationId)))
    ) {
      errorPage(res, 403, locale, 'surveys.error.linkInvalid');
      return undefined;
    }
    const [survey, association] = await Promise.all([
      deps.service.load(surveyId).catch((error: unknown) => {
        if (error instanceof SurveysProblem) return undefined;
        throw error;
      }),
      deps.associations.get(associationId),
    ]);
    if (!survey || survey.value.state === 'draft') {
      errorPage(res, 404, locale, 'surveys.error.notFound');
      return undefined;
    }
    if (!association) {
      errorPage(res, 404, locale, 'surveys.error.unknownAssociation');
      return undefined;
    }
    const action = `/survey/${encodeURIComponent(surveyId)}/${encodeURIComponent(associationId)}?sig=${encodeURIComponent(query(req, 'sig') ?? '')}`;
    return { locale, survey: survey.value, associationId, association: association.name, action };
  }

  return (server: Server) => {
    server.get(
      '/survey/:surveyId/:associationId',
      handle(async (req, res) => {
        const o = await open(req, res);
        if (!o) return;
        const refused = deps.service.refusal(o.survey);
        const notice = refused
          ? { kind: 'refused' as const, text: problemText(refused, o.locale) }
          : undefined;
        send(
          res,
          200,
          surveyPageHtml({ ...o, values: {}, errors: {}, ...(notice ? { notice } : {}) }),
        );
      }),
    );

    server.post(
      '/survey/:surveyId/:associationId',
      handle(async (req, res) => {
        const o = await open(req, res);
        if (!o) return;
        const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<
          string,
          unknown
        >;
        const values: Record<string, string | string[]> = {};
        for (const q of o.survey.questions) {
          const v = body[q.id];
          if (typeof v === 'string') values[q.id] = q.kind === 'multiple' ? [v] : v;
          else if (Array.isArray(v))
            values[q.id] = v.filter((x): x is string => typeof x === 'string');
        }
        try {
          await deps.service.answer(
            o.survey.id,
            { kind: 'association', id: o.associationId, name: o.association },
            values,
          );
          const last = formatDate(
            new Date(Date.parse(o.survey.closesAt) - 12 * 3_600_000).toISOString(),
            o.locale,
          );
          send(
            res,
            200,
            surveyPageHtml({
              ...o,
              values,
              errors: {},
              notice: {
                kind: 'saved',
                text: `${t(o.locale, 'surveys.card.saved')} ${t(o.locale, 'surveys.card.savedChange', { date: last })}`,
              },
            }),
          );
        } catch (error) {
          if (!(error instanceof SurveysProblem)) throw error;
          if (error.code === 'validation') {
            const errors = Object.fromEntries(
              Object.entries(error.fields ?? {}).map(([k, key]) => [k, t(o.locale, key)]),
            );
            send(res, 400, surveyPageHtml({ ...o, values, errors }));
            return;
          }
          send(
            res,
            409,
            surveyPageHtml({
              ...o,
              values,
              errors: {},
              notice: { kind: 'refused', text: problemText(error, o.locale) },
            }),
          );
        }
      }),
    );
  };
}
