// The sandbox page in Debian's chromium (playwright-core, no browser download): a member asks for
// /帮助 and sees the reply; the admin opens a sign-in session and another member presses the
// card's button and sees their copy change; hostile text is shown escaped; a screenshot is saved
// under test/artifacts/ (git-ignored) to check that Chinese is drawn with the served web font.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from './start-sandbox.js'

const CHROMIUM = '/usr/bin/chromium'
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts')

let s: RunningSandbox
let browser: BrowserContext
let page: Page
let profile: string

beforeAll(async () => {
  s = await startSandbox({ file: true })
  profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'))
  browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 860 } })
  page = browser.pages()[0] ?? (await browser.newPage())
  page.setDefaultTimeout(20_000)
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await s?.stop()
  if (profile) rmSync(profile, { recursive: true, force: true })
})

async function speakAs(userid: string): Promise<void> {
  await page.selectOption('#as-select', userid)
  await expect.poll(() => page.locator('#as-select').inputValue()).toBe(userid)
}
async function send(text: string): Promise<void> {
  await page.fill('#input', text)
  await page.press('#input', 'Enter')
}
const botMessages = () => page.locator('.msg[data-sender="bot"]')

describe('sandbox page', () => {
  it('chats, clicks a card, escapes hostile text and renders Chinese', async () => {
    await page.goto(`${s.url}/sandbox`)
    await page.waitForSelector('.convo.active')
    await speakAs('zhangsan')
    await page.click('.convo[data-convo="group:wr-dyzb"]')

    // /帮助 as a member: the reply arrives through the real callback.
    await send('/帮助')
    await expect.poll(() => botMessages().last().innerText(), { timeout: 15_000 }).toContain('可用命令')
    expect(await page.locator('.msg[data-sender="zhangsan"]').last().innerText()).toContain('@学习助手 /帮助')

    // The admin opens a sign-in session: a card with a 签到 button appears in the group.
    await speakAs('wangshuji')
    await send('/发起签到 集中学习 30分钟')
    const card = page.locator('[data-testid="card"]').last()
    await card.waitFor({ timeout: 15_000 })
    const before = await card.innerText()

    // Another member presses the button: template_card_event → the bot updates their copy.
    await speakAs('zhangsan')
    await card.locator('button[data-key]').first().click()
    await expect.poll(() => card.innerText(), { timeout: 15_000 }).not.toBe(before)
    // Chinese is drawn with the served Noto Sans SC (no CJK system fonts here).
    await page.evaluate('document.fonts.ready.then(() => true)')
    expect(await page.evaluate(`document.fonts.check('16px "Noto Sans SC"', '学习助手')`)).toBe(true)
    mkdirSync(ARTIFACTS, { recursive: true })
    await page.screenshot({ path: join(ARTIFACTS, 'sandbox.png') })
    await speakAs('lisi') // lisi has not pressed it: the original card
    await expect.poll(() => card.innerText()).toBe(before)

    // Hostile text is delivered as typed and displayed escaped.
    const hostile = '<script>window.__pwned = 1</script><b>粗体</b><img src=x onerror="window.__pwned = 2">'
    await send(hostile)
    const mine = page.locator('.msg[data-sender="lisi"]').last()
    await expect.poll(() => mine.innerText()).toContain('<script>window.__pwned = 1</script>')
    expect(await mine.locator('b, img, script').count()).toBe(0)
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined')
    await send('长'.repeat(10_000))
    await expect.poll(() => page.locator('.msg[data-sender="lisi"]').last().innerText()).toContain('长'.repeat(100))
    await expect.poll(() => botMessages().count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(4)

    await page.screenshot({ path: join(ARTIFACTS, 'sandbox-hostile.png') })
  }, 120_000)
})
