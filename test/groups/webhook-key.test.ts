import { describe, expect, it } from 'vitest'
import { extractWebhookKey } from '../../src/groups/groups.js'

const KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa'

describe('extractWebhookKey', () => {
  it.each([
    [KEY, KEY],
    [`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}`, KEY],
    [`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?debug=1&key=${KEY}#x`, KEY],
    ['https://example.com/x', undefined],
    ['短', undefined],
    ['<script>', undefined],
  ])('%s', (input, expected) => expect(extractWebhookKey(input)).toBe(expected))
})
