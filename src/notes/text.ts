// Text as the note check sees it: the counted characters (字数) and their positions. Pure.

const COUNTED = /[\p{L}\p{N}]/u
const HAN = /\p{Script=Han}/u

export interface Normalized {
  /** counted characters as code points, in order */
  codes: number[]
  /** where each counted character starts and ends in the original string (UTF-16 offsets) */
  at: number[]
  end: number[]
}

export function normalize(text: string): Normalized {
  const codes: number[] = []
  const at: number[] = []
  const end: number[] = []
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!
    const width = cp > 0xffff ? 2 : 1
    // Fast paths for the common cases (ASCII, CJK ideographs, CJK punctuation); NFKC otherwise.
    if (cp < 0x80) {
      if ((cp >= 48 && cp <= 57) || (cp >= 97 && cp <= 122)) codes.push(cp)
      else if (cp >= 65 && cp <= 90) codes.push(cp + 32)
      else {
        i += width
        continue
      }
      at.push(i)
      end.push(i + width)
    } else if (cp >= 0x4e00 && cp <= 0x9fff) {
      codes.push(cp)
      at.push(i)
      end.push(i + width)
    } else if (!(cp >= 0x3000 && cp <= 0x3006) && !(cp >= 0x3008 && cp <= 0x303f) && !(cp >= 0x2000 && cp <= 0x206f)) {
      for (const c of String.fromCodePoint(cp).normalize('NFKC').toLowerCase()) {
        if (COUNTED.test(c)) {
          codes.push(c.codePointAt(0)!)
          at.push(i)
          end.push(i + width)
        }
      }
    }
    i += width
  }
  return { codes, at, end }
}

/**
 * The character count shown to members (字数). After NFKC: every Han character counts one; a run of
 * other letters and digits (an English word, a number such as 2026) counts one; whitespace,
 * punctuation (ASCII and CJK), symbols and emoji count nothing.
 */
export function countChars(text: string): number {
  let n = 0
  let inWord = false
  for (const c of text.normalize('NFKC')) {
    if (HAN.test(c)) {
      n++
      inWord = false
    } else if (COUNTED.test(c)) {
      if (!inWord) n++
      inWord = true
    } else inWord = false
  }
  return n
}
