// The terminal chat's rendering of a quiz card: every option once with its letter, as the page shows it.
import { describe, expect, it } from 'vitest'
import { cardToPlain } from '../../src/sandbox/plain-text.js'

describe('cardToPlain', () => {
  it('shows each option with its letter once', () => {
    const choice = { main_title: { title: '第 2/5 题 · 单选' }, checkbox: { option_list: [{ id: 'A', text: 'A. 秦朝' }, { id: 'B', text: 'B. 隋朝', is_checked: true }] } }
    expect(cardToPlain(choice, undefined, {}).split('\n').slice(1)).toEqual(['  ☐ A. 秦朝', '  ☑ B. 隋朝'])
    const judge = { checkbox: { option_list: [{ id: 'A', text: '对' }, { id: 'B', text: '错' }] } }
    expect(cardToPlain(judge, undefined, {})).toBe('  ☐ A. 对\n  ☐ B. 错')
  })
})
