// The command registry: matches typed text to a command (Chinese name or alias, with or without
// a slash, full-width forms folded, longest alias first) and suggests close names for typos.
import type { CommandDef } from './command.js'
import { foldForMatch, isCjk, nfkc } from './normalize.js'

export interface Match {
  command: CommandDef<any>
  /** argument text after the matched name, as typed */
  rest: string
  alias: string
}

export class Registry {
  private readonly byAlias = new Map<string, CommandDef<any>>()
  private readonly aliasesLongestFirst: string[]

  constructor(readonly commands: CommandDef<any>[]) {
    for (const cmd of commands) {
      for (const alias of [...cmd.aliases, cmd.name]) {
        const key = foldForMatch(alias)
        const prev = this.byAlias.get(key)
        if (prev && prev !== cmd) throw new Error(`command alias collision: "${alias}" (${prev.name} / ${cmd.name})`)
        this.byAlias.set(key, cmd)
      }
    }
    this.aliasesLongestFirst = [...this.byAlias.keys()].sort((a, b) => b.length - a.length)
  }

  get(name: string): CommandDef<any> | undefined {
    return this.byAlias.get(foldForMatch(name))
  }

  /** text: mention and command prefix already stripped. */
  match(text: string): Match | undefined {
    const folded = foldForMatch(text)
    for (const alias of this.aliasesLongestFirst) {
      if (!folded.startsWith(alias)) continue
      const next = folded[alias.length]
      // "签到学习了第一章" may follow a Chinese name directly; "signin" needs a space after it.
      if (next !== undefined && next !== ' ' && !isCjk(alias[alias.length - 1])) continue
      return { command: this.byAlias.get(alias)!, rest: sliceAfterFolded(text, alias.length), alias }
    }
    return undefined
  }

  /** Up to three visible command names close to what was typed. */
  suggest(typed: string): string[] {
    const word = foldForMatch(typed).split(' ')[0] ?? ''
    if (!word) return []
    const scored: { alias: string; cmd: CommandDef<any>; d: number }[] = []
    for (const [alias, cmd] of this.byAlias) {
      if (cmd.hidden || alias.includes(' ')) continue
      const d = distance(word, alias)
      const limit = Math.max(1, Math.floor(Math.max(word.length, alias.length) / 3))
      if (d <= limit || (word.length >= 2 && alias.startsWith(word))) scored.push({ alias, cmd, d })
    }
    scored.sort((a, b) => a.d - b.d)
    const seen = new Set<CommandDef<any>>()
    const out: string[] = []
    for (const s of scored) {
      if (seen.has(s.cmd)) continue
      seen.add(s.cmd)
      out.push('/' + (s.cmd.aliases[0] ?? s.cmd.name))
      if (out.length === 3) break
    }
    return out
  }
}

/** Returns what follows the first n characters of foldForMatch(text), from the original text. */
function sliceAfterFolded(text: string, n: number): string {
  let consumed = ''
  let i = 0
  const chars = [...text]
  const target = foldForMatch(text).slice(0, n)
  while (i < chars.length && foldForMatch(consumed) !== target) {
    consumed += chars[i]
    i++
    if (foldForMatch(consumed).length > n) break
  }
  return chars.slice(i).join('').trim()
}

function distance(a: string, b: string): number {
  const x = [...nfkc(a)]
  const y = [...nfkc(b)]
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const cur = [i]
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[y.length]!
}
