/**
 * Server-rendered views of the collector's pages (Preact, rendered to a string; no hydration, no client
 * framework). The shells are public and hold no figure; the views hold the figures and are only served to a
 * request carrying a valid token (see client.ts for why the token travels in a header).
 */
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Catalogue, Label } from '../indicators/catalogue';
import type { Cell, PeriodCell, Rate, WeekFigures } from '../indicators/compute';
import type { IndicatorsAnswer, TeamSummaryAnswer } from '../indicators/service';
import { AWARENESS_AUDIENCES, AWARENESS_KINDS } from '../store/types';
import { TEAM_PATTERN } from '../../../lib/report/payload';
import { CLIENT_SCRIPT, PAGE_STYLE } from './client';
import type { Lang, Translate } from './i18n';

interface Ctx {
  lang: Lang;
  t: Translate;
}

const number = (lang: Lang, n: number): string => new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB').format(n);
const percent = (lang: Lang, n: number): string =>
  new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(n);

function Figure({ ctx, cell, rate }: { ctx: Ctx; cell: Cell | PeriodCell | Rate; rate?: boolean }) {
  if (cell.value === null) return <span class="hidden-figure">{ctx.t('hidden')}</span>;
  return <>{rate ? percent(ctx.lang, cell.value) : number(ctx.lang, cell.value)}</>;
}

const labelOf = (ctx: Ctx, label: Label | undefined, fallback: string): string => (label ? label[ctx.lang] : fallback);

// --- Shell -------------------------------------------------------------------------------------------------------

export interface ShellOptions {
  lang: Lang;
  t: Translate;
  title: string;
  /** Path of this page, for the language switch. */
  path: string;
  /** 'dashboard' | 'team' for the pages with a token form; absent for the index. */
  page?: 'dashboard' | 'team';
  children?: ComponentChildren;
}

export function renderShell(o: ShellOptions): string {
  const { t } = o;
  const other = t('otherLanguageCode');
  const body = (
    <html
      lang={o.lang}
      data-loading={t('loading')}
      data-loaded={t('loaded')}
      data-signedout={t('signedOut')}
      data-offline={t('offline')}
    >
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${o.title} · ${t('appName')}`}</title>
        <style dangerouslySetInnerHTML={{ __html: PAGE_STYLE }} />
      </head>
      <body data-page={o.page ?? 'index'}>
        <a class="skip" href="#main">
          {t('skip')}
        </a>
        <header>
          <p>
            <a href={`/?lang=${o.lang}`}>{t('appName')}</a>
          </p>
          <nav aria-label={t('langNav')}>
            <a href={`${o.path}?lang=${other}`} lang={other} hrefLang={other}>
              {t('otherLanguage')}
            </a>
          </nav>
        </header>
        <main id="main" tabIndex={-1}>
          <h1>{o.title}</h1>
          {o.children}
          {o.page && <SignIn ctx={{ lang: o.lang, t }} page={o.page} />}
        </main>
        {o.page && <script dangerouslySetInnerHTML={{ __html: CLIENT_SCRIPT }} />}
      </body>
    </html>
  );
  return `<!doctype html>${renderToString(body)}`;
}

function SignIn({ ctx, page }: { ctx: Ctx; page: 'dashboard' | 'team' }) {
  const { t } = ctx;
  return (
    <>
      <noscript>
        <p>{t('noscript')}</p>
      </noscript>
      <section id="signin" aria-labelledby="signin-title">
        <h2 id="signin-title">{t('signinTitle')}</h2>
        <form id="token-form">
          {page === 'team' && (
            <>
              <label for="team">{t('teamCodeLabel')}</label>
              <input id="team" name="team" required pattern={TEAM_PATTERN.slice(1, -1)} maxLength={32} aria-describedby="team-help" autocomplete="off" />
              <p id="team-help" class="help">
                {t('teamCodeHelp')}
              </p>
            </>
          )}
          <label for="token">{page === 'team' ? t('teamTokenLabel') : t('adminTokenLabel')}</label>
          <input id="token" type="password" required autocomplete="off" spellcheck={false} aria-describedby="token-help" />
          <p id="token-help" class="help">
            {t('tokenHelp')}
          </p>
          <button type="submit">{t('signin')}</button>
        </form>
      </section>
      <p id="status" class="status" role="status" aria-live="polite"></p>
      <div id="content"></div>
      <button id="signout" type="button" class="secondary" hidden>
        {t('signout')}
      </button>
    </>
  );
}

export function renderIndex(lang: Lang, t: Translate): string {
  return renderShell({
    lang,
    t,
    title: t('indexTitle'),
    path: '/',
    children: (
      <>
        <p>{t('indexIntro')}</p>
        <ul>
          <li>
            <a href={`/dashboard?lang=${lang}`}>{t('indexDashboard')}</a>
          </li>
          <li>
            <a href={`/team?lang=${lang}`}>{t('indexTeam')}</a>
          </li>
        </ul>
      </>
    ),
  });
}

// --- Chart -------------------------------------------------------------------------------------------------------

interface Series {
  label: string;
  values: (number | null)[];
  colour: string;
  dash?: string;
  marker: 'circle' | 'square' | 'triangle';
}

/** Top of the y axis: four equal whole-number steps of 1, 2, 2.5 or 5 times a power of ten. */
function niceMax(n: number): number {
  const raw = Math.max(1, n / 4);
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw && Number.isInteger(s))!;
  return Math.max(4, Math.ceil(step) * 4);
}

function Marker({ s, x, y }: { s: Series; x: number; y: number }) {
  if (s.marker === 'square') return <rect x={x - 4} y={y - 4} width={8} height={8} fill={s.colour} />;
  if (s.marker === 'triangle') return <path d={`M${x} ${y - 5}L${x + 5} ${y + 4}L${x - 5} ${y + 4}Z`} fill={s.colour} />;
  return <circle cx={x} cy={y} r={4} fill={s.colour} />;
}

/**
 * Line chart as SVG, drawn on the server. Series differ by colour, dash pattern and marker shape (not colour
 * alone); a hidden week breaks the line instead of dropping to zero. The table that follows is the accessible
 * alternative; the SVG is one image with a title and a description.
 */
function Chart({ ctx, id, weeks, series }: { ctx: Ctx; id: string; weeks: string[]; series: Series[] }) {
  const { t } = ctx;
  const W = 640;
  const H = 260;
  const left = 52;
  const right = 16;
  const top = 16;
  const bottom = 40;
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  if (all.length === 0) return <p>{t('chartEmpty')}</p>;
  const max = niceMax(Math.max(...all));
  const x = (i: number): number => (weeks.length === 1 ? (left + W - right) / 2 : left + (i * (W - left - right)) / (weeks.length - 1));
  const y = (v: number): number => top + (1 - v / max) * (H - top - bottom);
  const every = Math.max(1, Math.ceil(weeks.length / 8));
  return (
    <figure>
      <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{t('chartTitle')}</title>
        <desc id={`${id}-desc`}>{t('chartDesc')}</desc>
        {[0, 0.25, 0.5, 0.75, 1].map((f) => (
          <g key={f}>
            <line x1={left} x2={W - right} y1={y(max * f)} y2={y(max * f)} stroke="#d6d6d6" stroke-width={1} />
            <text x={left - 8} y={y(max * f) + 4} text-anchor="end" font-size={12} fill="#4a4a4a">
              {number(ctx.lang, max * f)}
            </text>
          </g>
        ))}
        {weeks.map((w, i) =>
          i % every === 0 || i === weeks.length - 1 ? (
            <text key={w} x={x(i)} y={H - bottom + 18} text-anchor="middle" font-size={12} fill="#4a4a4a">
              {w.slice(5)}
            </text>
          ) : null,
        )}
        {series.map((s) => {
          const segments: string[] = [];
          let current = '';
          s.values.forEach((v, i) => {
            if (v === null) {
              if (current) segments.push(current);
              current = '';
            } else current += `${current ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)}`;
          });
          if (current) segments.push(current);
          return (
            <g key={s.label}>
              {segments.map((d) => (
                <path key={d} d={d} fill="none" stroke={s.colour} stroke-width={2.5} stroke-dasharray={s.dash} />
              ))}
              {s.values.map((v, i) => (v === null ? null : <Marker key={i} s={s} x={x(i)} y={y(v)} />))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul class="legend">
          {series.map((s) => (
            <li key={s.label}>
              <svg width={34} height={12} aria-hidden="true" focusable="false">
                <line x1={0} x2={34} y1={6} y2={6} stroke={s.colour} stroke-width={2.5} stroke-dasharray={s.dash} />
                <Marker s={s} x={17} y={6} />
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

function seriesOf(ctx: Ctx, weeks: readonly WeekFigures[]): Series[] {
  const { t } = ctx;
  return [
    { label: t('seriesReports'), values: weeks.map((w) => w.reports.value), colour: '#1f5f99', marker: 'circle' },
    { label: t('seriesGuide'), values: weeks.map((w) => w.guideOpenedThisWeek.value), colour: '#a3480f', dash: '7 4', marker: 'square' },
    { label: t('seriesAdopted'), values: weeks.map((w) => w.adoptedAtLeastOne.value), colour: '#2f6b2f', dash: '12 4 3 4', marker: 'triangle' },
  ];
}

function FigureItem({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function AdoptionTables({ ctx, catalogue, period }: { ctx: Ctx; catalogue: Catalogue; period: IndicatorsAnswer['period'] | TeamSummaryAnswer['period'] }) {
  const { t } = ctx;
  const rows = (entries: [string, string, PeriodCell][]) =>
    entries.map(([key, label, cell]) => (
      <tr key={key}>
        <th scope="row">{label}</th>
        <td class="n">
          <Figure ctx={ctx} cell={cell} />
        </td>
        <td class="n">{number(ctx.lang, cell.weeksHidden)}</td>
      </tr>
    ));
  const head = (first: string) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col" class="n">
          {t('count')}
        </th>
        <th scope="col" class="n">
          {t('weeksHiddenCol')}
        </th>
      </tr>
    </thead>
  );
  const shownTips = catalogue.tipIds
    .map((id) => [id, labelOf(ctx, catalogue.labels.tips.get(id), id), period.tips[id]!] as [string, string, PeriodCell])
    .filter(([, , c]) => c.value !== null)
    .sort((a, b) => (b[2].value ?? 0) - (a[2].value ?? 0));
  return (
    <section aria-labelledby="adoption-title">
      <h2 id="adoption-title">{t('adoptionTitle')}</h2>
      <p class="help">{t('adoptionNote')}</p>
      <table>
        <caption>{t('byAxis')}</caption>
        {head(t('axis'))}
        <tbody>
          {rows(
            catalogue.axes.map((x) => {
              const name = catalogue.labels.axes.get(x);
              return [String(x), `${t('axis')} ${x}${name ? ` · ${name[ctx.lang]}` : ''}`, period.axes[String(x)]!];
            }),
          )}
        </tbody>
      </table>
      <table>
        <caption>{t('byAction')}</caption>
        {head(t('action'))}
        <tbody>
          {rows(
            catalogue.actions.map((a) => {
              const text = catalogue.labels.actions.get(a);
              return [a, `${a}${text ? ` · ${text[ctx.lang]}` : ''}`, period.actions[a]!];
            }),
          )}
        </tbody>
      </table>
      <table>
        <caption>{t('byTip')}</caption>
        {head(t('tip'))}
        <tbody>{rows(shownTips)}</tbody>
      </table>
      {shownTips.length < catalogue.tipIds.length && <p class="help">{t('otherTips', { n: catalogue.tipIds.length - shownTips.length })}</p>}
    </section>
  );
}

// --- Dashboard ---------------------------------------------------------------------------------------------------

export function renderDashboardView(ctx: Ctx, catalogue: Catalogue, answer: IndicatorsAnswer): string {
  const { t, lang } = ctx;
  const last = answer.weeks[answer.weeks.length - 1];
  const csv = `/v1/indicators?from=${answer.from}&to=${answer.to}&format=csv`;
  const view = (
    <>
      <section aria-labelledby="indicators-title">
        <h2 id="indicators-title">{t('indicatorsTitle')}</h2>
        <form data-kind="view">
          <fieldset>
            <legend>{t('periodLegend')}</legend>
            <div class="row">
              <div>
                <label for="from">{t('from')}</label>
                <input id="from" name="from" type="week" value={answer.from} required aria-describedby="week-help" />
              </div>
              <div>
                <label for="to">{t('to')}</label>
                <input id="to" name="to" type="week" value={answer.to} required aria-describedby="week-help" />
              </div>
              <button type="submit">{t('show')}</button>
            </div>
            <p id="week-help" class="help">
              {t('weekHelp')}
            </p>
          </fieldset>
        </form>
        <p class="help">{t('publishedThrough', { week: answer.publishedThrough })}</p>
        <p class="help">{t('threshold', { n: answer.threshold })}</p>
        {last ? (
          <>
            <h3>{t('keyFigures', { week: last.week })}</h3>
            <dl class="figures">
              <FigureItem label={t('reports')}>
                <Figure ctx={ctx} cell={last.reports} />
              </FigureItem>
              <FigureItem label={t('ambassadors')}>
                <Figure ctx={ctx} cell={last.roles.ambassador} />
              </FigureItem>
              <FigureItem label={t('guideRateWeek')}>
                <Figure ctx={ctx} cell={last.rates.guideOpenedThisWeek} rate />
              </FigureItem>
              <FigureItem label={t('guideRateEver')}>
                <Figure ctx={ctx} cell={last.rates.guideOpenedEver} rate />
              </FigureItem>
              <FigureItem label={t('charterRate')}>
                <Figure ctx={ctx} cell={last.rates.charterAcknowledgedElected} rate />
              </FigureItem>
              <FigureItem label={t('adoptedShare')}>
                <Figure ctx={ctx} cell={last.rates.adoptedAtLeastOne} rate />
              </FigureItem>
            </dl>
          </>
        ) : (
          <p>{t('nothingPublished')}</p>
        )}
        <h3>{t('periodFigures')}</h3>
        <dl class="figures">
          <FigureItem label={t('reportsTotal')}>
            <Figure ctx={ctx} cell={answer.period.reports} />
          </FigureItem>
          <FigureItem label={t('guideRateWeek')}>
            <Figure ctx={ctx} cell={answer.period.rates.guideOpenedThisWeek} rate />
          </FigureItem>
          <FigureItem label={t('adoptedShare')}>
            <Figure ctx={ctx} cell={answer.period.rates.adoptedAtLeastOne} rate />
          </FigureItem>
          <FigureItem label={t('awarenessCount')}>{number(lang, answer.period.awarenessActions.count)}</FigureItem>
          <FigureItem label={t('awarenessAttendees')}>{number(lang, answer.period.awarenessActions.attendees)}</FigureItem>
        </dl>
        <h3>{t('chartTitle')}</h3>
        <Chart ctx={ctx} id="dashboard-chart" weeks={answer.weeks.map((w) => w.week)} series={seriesOf(ctx, answer.weeks)} />
        <WeekTable ctx={ctx} weeks={answer.weeks} awareness />
      </section>
      <AdoptionTables ctx={ctx} catalogue={catalogue} period={answer.period} />
      <section aria-labelledby="csv-title">
        <h2 id="csv-title">{t('csvTitle')}</h2>
        <p>
          <a href={csv} data-download={`empreinte-indicators-${answer.from}-${answer.to}.csv`}>
            {t('csvLink')}
          </a>
        </p>
        <p class="help">{t('csvHelp')}</p>
      </section>
      <AwarenessSection ctx={ctx} answer={answer} />
      <TeamTokenSection ctx={ctx} />
    </>
  );
  return renderToString(view);
}

function WeekTable({ ctx, weeks, awareness }: { ctx: Ctx; weeks: readonly (WeekFigures & { awarenessActions?: { count: number } })[]; awareness?: boolean }) {
  const { t } = ctx;
  if (weeks.length === 0) return null;
  return (
    <table>
      <caption>{t('tableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('week')}</th>
          <th scope="col" class="n">
            {t('reports')}
          </th>
          <th scope="col" class="n">
            {t('ambassadors')}
          </th>
          <th scope="col" class="n">
            {t('guideOpenedWeek')}
          </th>
          <th scope="col" class="n">
            {t('adoptedOne')}
          </th>
          {awareness && (
            <th scope="col" class="n">
              {t('awarenessShort')}
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {weeks.map((w) => (
          <tr key={w.week}>
            <th scope="row" class="week">{w.week}</th>
            <td class="n">
              <Figure ctx={ctx} cell={w.reports} />
            </td>
            <td class="n">
              <Figure ctx={ctx} cell={w.roles.ambassador} />
            </td>
            <td class="n">
              <Figure ctx={ctx} cell={w.guideOpenedThisWeek} />
            </td>
            <td class="n">
              <Figure ctx={ctx} cell={w.adoptedAtLeastOne} />
            </td>
            {awareness && <td class="n">{number(ctx.lang, w.awarenessActions?.count ?? 0)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AwarenessSection({ ctx, answer }: { ctx: Ctx; answer: IndicatorsAnswer }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="awareness-title">
      <h2 id="awareness-title">{t('awarenessTitle')}</h2>
      {answer.awarenessActions.length === 0 ? (
        <p>{t('awarenessNone')}</p>
      ) : (
        <table>
          <caption>{t('awarenessCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('date')}</th>
              <th scope="col">{t('kind')}</th>
              <th scope="col">{t('audience')}</th>
              <th scope="col" class="n">
                {t('attendees')}
              </th>
              <th scope="col">{t('team')}</th>
            </tr>
          </thead>
          <tbody>
            {answer.awarenessActions.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.date}</th>
                <td>{t(`kind.${a.kind}`)}</td>
                <td>{t(`audience.${a.audience}`)}</td>
                <td class="n">{number(ctx.lang, a.attendees)}</td>
                <td>{a.team ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form action="/v1/awareness-actions" method="post" data-kind="json" data-done={t('recorded')}>
        <fieldset>
          <legend>{t('awarenessFormTitle')}</legend>
          <div class="row">
            <div>
              <label for="aw-date">{t('date')}</label>
              <input id="aw-date" name="date" type="date" required />
            </div>
            <div>
              <label for="aw-kind">{t('kind')}</label>
              <select id="aw-kind" name="kind" required>
                {AWARENESS_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`kind.${k}`)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="aw-audience">{t('audience')}</label>
              <select id="aw-audience" name="audience" required>
                {AWARENESS_AUDIENCES.map((a) => (
                  <option key={a} value={a}>
                    {t(`audience.${a}`)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="aw-attendees">{t('attendees')}</label>
              <input id="aw-attendees" name="attendees" type="number" min={0} max={100000} step={1} required />
            </div>
            <div>
              <label for="aw-team">{t('teamOptional')}</label>
              <input id="aw-team" name="team" pattern={TEAM_PATTERN.slice(1, -1)} maxLength={32} autocomplete="off" />
            </div>
          </div>
          <button type="submit">{t('record')}</button>
        </fieldset>
      </form>
    </section>
  );
}

function TeamTokenSection({ ctx }: { ctx: Ctx }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="team-tokens-title">
      <h2 id="team-tokens-title">{t('teamTokensTitle')}</h2>
      <p class="help">{t('teamTokensHelp')}</p>
      <form action="/v1/teams/{team}/tokens" method="post" data-kind="team-token" data-done={t('tokenCreated')}>
        <label for="tt-team">{t('teamCodeLabel')}</label>
        <input id="tt-team" name="team" required pattern={TEAM_PATTERN.slice(1, -1)} maxLength={32} autocomplete="off" aria-describedby="tt-help" />
        <p id="tt-help" class="help">
          {t('teamCodeHelp')}
        </p>
        <p>
          <input id="tt-replace" name="replace" type="checkbox" />{' '}
          <label class="inline" for="tt-replace">
            {t('replace')}
          </label>
        </p>
        <button type="submit">{t('createToken')}</button>
        <p hidden>
          {t('newToken')} : <code class="token" data-token></code>
        </p>
      </form>
    </section>
  );
}

// --- Team page ---------------------------------------------------------------------------------------------------

export function renderTeamView(ctx: Ctx, catalogue: Catalogue, answer: TeamSummaryAnswer, weeks: number): string {
  const { t } = ctx;
  const view = (
    <>
      <section aria-labelledby="team-title">
        <h2 id="team-title">{t('teamHeading', { team: answer.team })}</h2>
        <form data-kind="view">
          <label for="weeks">{t('weeksLabel')}</label>
          <div class="row">
            <select id="weeks" name="weeks">
              {[4, 8, 12, 26, 52].map((n) => (
                <option key={n} value={n} selected={n === weeks}>
                  {n}
                </option>
              ))}
            </select>
            <button type="submit">{t('show')}</button>
          </div>
        </form>
        <p class="help">{t('publishedThrough', { week: answer.publishedThrough })}</p>
        <p class="help">{t('teamNote', { n: answer.threshold })}</p>
        <p class="help">{t('threshold', { n: answer.threshold })}</p>
        <h3>{t('periodFigures')}</h3>
        <dl class="figures">
          <FigureItem label={t('reportsTotal')}>
            <Figure ctx={ctx} cell={answer.period.reports} />
          </FigureItem>
          <FigureItem label={t('guideRateWeek')}>
            <Figure ctx={ctx} cell={answer.period.rates.guideOpenedThisWeek} rate />
          </FigureItem>
          <FigureItem label={t('adoptedShare')}>
            <Figure ctx={ctx} cell={answer.period.rates.adoptedAtLeastOne} rate />
          </FigureItem>
        </dl>
        <h3>{t('chartTitle')}</h3>
        <Chart ctx={ctx} id="team-chart" weeks={answer.weeks.map((w) => w.week)} series={seriesOf(ctx, answer.weeks)} />
        <WeekTable ctx={ctx} weeks={answer.weeks} />
      </section>
      <AdoptionTables ctx={ctx} catalogue={catalogue} period={answer.period} />
    </>
  );
  return renderToString(view);
}
