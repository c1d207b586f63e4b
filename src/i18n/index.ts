import { zhCN } from './zh-CN.js'

export type MessageKey = keyof typeof zhCN
export type MessageParams = Record<string, string | number>

/** Renders a catalogue message, replacing {name} placeholders. Unknown placeholders stay visible. */
export function t(key: MessageKey, params: MessageParams = {}): string {
  const template: string = zhCN[key]
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
}
