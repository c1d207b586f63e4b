import { describe, expect, it } from 'vitest'
import { createRegistry } from '../../commands/index.js'
import { defineCommand, noArgs } from '../../src/bot/command.js'
import { Registry } from '../../src/bot/registry.js'
import { foldForMatch } from '../../src/bot/normalize.js'

const stub = (name: string, aliases: string[]) =>
  defineCommand({ name, aliases, summary: 'cmd.help.summary', usage: 'cmd.help.usage', scope: 'any', role: 'member', parse: noArgs, run: async () => null })

describe('command registry', () => {
  it('has no name or alias collisions after normalization', () => {
    const registry = createRegistry()
    const seen = new Map<string, string>()
    for (const c of registry.commands) {
      for (const a of new Set([...c.aliases, c.name].map(foldForMatch))) {
        expect(seen.get(a), `"${a}" used by ${seen.get(a)} and ${c.name}`).toBeUndefined()
        seen.set(a, c.name)
      }
      expect(c.name).toMatch(/^[a-z][a-z0-9-]*$/)
    }
  })
  it('refuses two commands whose aliases collide after NFKC', () => {
    expect(() => new Registry([stub('a', ['签到']), stub('b', ['签到 '])])).toThrow(/collision/)
    expect(() => new Registry([stub('a', ['ＳＩＧＮ']), stub('b', ['sign'])])).toThrow(/collision/)
  })
  it('matches the longest alias and keeps the argument text as typed', () => {
    const r = new Registry([stub('note', ['笔记']), stub('note-list', ['笔记 列表']), stub('sign-in', ['签到', 'signin'])])
    expect(r.match('笔记 列表')?.command.name).toBe('note-list')
    expect(r.match('笔记  今天学了\n第二行')).toMatchObject({ alias: '笔记', rest: '今天学了\n第二行' })
    expect(r.match('签到学习了第一章')).toMatchObject({ alias: '签到', rest: '学习了第一章' })
    expect(r.match('SIGNIN')?.command.name).toBe('sign-in')
    expect(r.match('signinx')).toBeUndefined()
    expect(r.suggest('签倒')).toEqual(['/签到'])
  })
})
