import { formatBytes, formatGrams, formatNumber, type Lang } from '../lib/format';
import type { TrendPoint } from '../lib/history/types';
import type { Translate } from '../lib/i18n';

export interface ChartTrendProps {
  points: TrendPoint[];
  /** The label of each point, in the same order ("14 h", "3 déc.", "déc. 2026"). */
  labels: string[];
  /** What the chart shows, in one sentence (read by screen readers instead of the drawing). */
  summary: string;
  lang: Lang;
  t: Translate;
}

const WIDTH = 600;
const HEIGHT = 160;
const AXIS = 18;

/**
 * Transfer weight per hour, day or month as plain SVG bars (no charting library: a few rectangles), with the same
 * values in a table for screen readers and for anyone who prefers numbers.
 */
export function ChartTrend({ points, labels, summary, lang, t }: ChartTrendProps) {
  const max = Math.max(0, ...points.map((p) => p.bytes));
  const step = points.length > 0 ? WIDTH / points.length : WIDTH;
  const bar = Math.max(1, step * 0.7);
  // Label every bar when few, else about six labels.
  const every = Math.max(1, Math.ceil(points.length / 6));
  return (
    <figure class="trend">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`} role="img" aria-label={summary} class="trend-chart">
        <line x1="0" y1={HEIGHT} x2={WIDTH} y2={HEIGHT} class="trend-axis" />
        {points.map((point, i) => {
          const h = max > 0 ? (point.bytes / max) * (HEIGHT - 4) : 0;
          return <rect key={point.key} x={i * step + (step - bar) / 2} y={HEIGHT - h} width={bar} height={h} class="trend-bar" />;
        })}
        {points.map((point, i) =>
          i % every === 0 ? (
            <text key={`l${point.key}`} x={i * step + step / 2} y={HEIGHT + AXIS - 4} text-anchor="middle" class="trend-label">
              {labels[i]}
            </text>
          ) : null,
        )}
      </svg>
      <details>
        <summary>{t('dashboard_showTable')}</summary>
        <table class="trend-table">
          <thead>
            <tr>
              <th scope="col">{t('dashboard_colWhen')}</th>
              <th scope="col">{t('bytesColumn')}</th>
              <th scope="col">{t('dashboard_colCo2')}</th>
              <th scope="col">{t('dashboard_colPages')}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((point, i) => (
              <tr key={point.key}>
                <th scope="row">{labels[i]}</th>
                <td>{formatBytes(point.bytes, lang)}</td>
                <td>{formatGrams(point.grams, lang)}</td>
                <td>{formatNumber(point.pages, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
