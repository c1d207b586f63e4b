// Argument parsers several commands share.
import type { ArgReader } from './args.js'

/** Exactly one @mention: `/管理员 添加 @张三`. */
export function oneMention(args: ArgReader): { who: string } {
  const who = args.mention()
  args.end()
  return { who }
}

/** Exactly one positive number, named for the error message: `/通过 12`. */
export const oneId =
  (name: string) =>
  (args: ArgReader): { id: number } => {
    const id = args.int(name, { min: 1 })
    args.end()
    return { id }
  }
