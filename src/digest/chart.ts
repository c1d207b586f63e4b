// The digest's trend chart, rendered without a browser: echarts server-side SVG (ssr: true,
// disposed right after) → @resvg/resvg-js → PNG, with Noto Sans SC glyphs from fonts.ts. Both are
// loaded on first use (echarts alone is tens of MB): a bot that has not drawn a chart does not carry them.
import { CJK_FAMILY, fontFilesFor } from './fonts.js'

export interface TrendChart {
  title: string
  /** x axis labels, e.g. ['11月2日', …] */
  labels: string[]
  /** one series per measure; values are 0..100 (percent) */
  series: { name: string; values: number[] }[]
}

export const CHART_SIZE = { width: 800, height: 420 }

export async function trendSvg(chart: TrendChart): Promise<string> {
  const echarts = await import('echarts')
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, ...CHART_SIZE })
  try {
    instance.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: CJK_FAMILY },
      title: { text: chart.title, left: 'center', top: 12, textStyle: { fontSize: 22, fontFamily: CJK_FAMILY, color: '#1f2937' } },
      legend: { bottom: 8, textStyle: { fontFamily: CJK_FAMILY } },
      grid: { left: 56, right: 24, top: 64, bottom: 64 },
      xAxis: { type: 'category', data: chart.labels, axisLabel: { fontFamily: CJK_FAMILY } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: chart.series.map((s) => ({ name: s.name, type: 'bar', data: s.values, label: { show: true, position: 'top', formatter: '{c}%' } })),
    })
    return instance.renderToSVGString()
  } finally {
    instance.dispose()
  }
}

/**
 * PNG bytes of the chart. Fonts are decompressed once into fontCacheDir. Parsing, font loading and
 * rasterising run on libuv's thread pool (renderAsync), not on the event loop.
 */
export async function renderTrendPng(chart: TrendChart, fontCacheDir: string): Promise<Buffer> {
  const svg = await trendSvg(chart)
  const text = [chart.title, ...chart.labels, ...chart.series.map((s) => s.name), '0123456789%']
  const fontFiles = await fontFilesFor(text.join(''), fontCacheDir)
  const { renderAsync } = await import('@resvg/resvg-js')
  const image = await renderAsync(svg, {
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: CJK_FAMILY, sansSerifFamily: CJK_FAMILY },
    background: '#ffffff',
  })
  return Buffer.from(image.asPng())
}
