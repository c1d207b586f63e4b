// Text normalization for command matching: NFKC (full-width ／ and letters become ASCII),
// odd spaces folded, the leading @bot mention stripped.

const SPACES = /[\s\u00a0\u2000-\u200b\u2005\u3000\ufeff]+/g

export const nfkc = (s: string): string => s.normalize('NFKC')

/** For matching names: NFKC, lower case, all runs of whitespace as one space, trimmed. */
export const foldForMatch = (s: string): string => nfkc(s).toLowerCase().replace(SPACES, ' ').trim()

/**
 * Removes a leading "@学习助手" (the bot's name; names may contain spaces) and surrounding spaces.
 * Also removes one mention that appears at the end (some clients put it last).
 */
export function stripMention(text: string, botName: string): string {
  const t = text.replace(/^[\s\u00a0\u2005\u3000]+/, '')
  const at = '@' + botName
  const lowered = nfkc(t)
  if (lowered.startsWith(nfkc(at)) || lowered.startsWith('@' + nfkc(botName))) {
    return t.slice(at.length).replace(/^[\s\u00a0\u2005\u3000]+/, '').trimEnd()
  }
  const tail = t.trimEnd()
  if (tail.endsWith(at)) return tail.slice(0, -at.length).trim()
  return t.trim()
}

/** Command prefixes users type: / ／ \ 、 (NFKC maps ／ to /). */
export function stripCommandPrefix(text: string): { text: string; hadPrefix: boolean } {
  const m = /^[/／\\、]+/.exec(text)
  return m ? { text: text.slice(m[0].length), hadPrefix: true } : { text, hadPrefix: false }
}

export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && /[\u3400-\u9fff\uf900-\ufaff]/.test(ch)
}

/** UTF-8 byte length. */
export const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8')

/** Truncates to at most maxBytes of UTF-8 without splitting a character (or a surrogate pair). */
export function truncateUtf8(s: string, maxBytes: number, ellipsis = '…'): string {
  if (utf8Bytes(s) <= maxBytes) return s
  const budget = maxBytes - utf8Bytes(ellipsis)
  let used = 0
  let out = ''
  for (const ch of s) {
    const b = utf8Bytes(ch)
    if (used + b > budget) break
    used += b
    out += ch
  }
  return out + ellipsis
}
