// The digest chart is a real PNG with the Chinese title drawn (not blank, not tofu boxes).
import { join } from 'node:path'
import { Resvg } from '@resvg/resvg-js'
import { describe, expect, it } from 'vitest'
import { CHART_SIZE, renderTrendPng, trendSvg, type TrendChart } from '../../src/digest/chart.js'
import { fontFilesFor } from '../../src/digest/fonts.js'
import { decodePng, type Image } from './png.js'

const FONT_DIR = join(process.cwd(), 'data', 'fonts')
const chart: TrendChart = {
  title: '近4周参与率（%）',
  labels: ['W45', 'W46', 'W47', 'W48'],
  series: [
    { name: '全部', values: [60, 70, 65, 80] },
    { name: '第一党支部', values: [50, 90, 70, 85] },
  ],
}

/** Ink in the title band (top 56 px, middle half): pixels clearly darker than the white background. */
function titleInk(img: Image): string[] {
  const ink: string[] = []
  for (let y = 8; y < 56; y++) {
    for (let x = Math.floor(img.width / 4); x < Math.floor((img.width * 3) / 4); x++) {
      const [r, g, b] = img.pixel(x, y)
      if (r + g + b < 600) ink.push(`${x},${y}`)
    }
  }
  return ink
}

describe('digest chart', () => {
  it('renders a PNG whose Chinese title is drawn with real glyphs', async () => {
    const png = await renderTrendPng(chart, FONT_DIR)
    const img = decodePng(png)
    expect([img.width, img.height]).toEqual([CHART_SIZE.width, CHART_SIZE.height])
    const ink = titleInk(img)
    expect(ink.length).toBeGreaterThan(300)

    // Without the CJK subsets the same title renders as empty boxes: the pixels must differ.
    const latinOnly = (await fontFilesFor('0123456789%W', FONT_DIR)).filter((f) => f.includes('latin'))
    const tofu = decodePng(Buffer.from(new Resvg(await trendSvg(chart), { font: { fontFiles: latinOnly, loadSystemFonts: false, defaultFontFamily: 'Noto Sans SC' } }).render().asPng()))
    const tofuInk = new Set(titleInk(tofu))
    const differing = ink.filter((p) => !tofuInk.has(p)).length
    expect(differing).toBeGreaterThan(ink.length / 3)
  })

  it('caches the decompressed fonts', async () => {
    await renderTrendPng(chart, FONT_DIR)
    const started = performance.now()
    await renderTrendPng(chart, FONT_DIR)
    expect(performance.now() - started).toBeLessThan(2000)
  })
})
