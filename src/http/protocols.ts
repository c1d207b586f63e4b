// Which callback routes a configuration serves, and their protocol halves: /wecom/bot in callback
// and sandbox modes (with the bot's token and key), /wecom/app whenever the self-built app's corp
// id, token and key are configured. The app's routes on one thread and the HTTP thread's agree.
import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import { appProtocol } from './app-protocol.js'
import { botProtocol } from './bot-protocol.js'
import type { CallbackProtocol } from './callback-protocol.js'

export function callbackProtocols(config: Config, clock: Clock): CallbackProtocol[] {
  const out: CallbackProtocol[] = []
  const { mode, bot, app } = config
  if ((mode === 'callback' || mode === 'sandbox') && bot.token && bot.aesKey) {
    out.push(botProtocol({ token: bot.token, aesKey: bot.aesKey }, clock, config.maxSkewSeconds))
  }
  if (app.corpId && app.token && app.aesKey) {
    out.push(appProtocol({ token: app.token, aesKey: app.aesKey, corpId: app.corpId }, clock, config.maxSkewSeconds))
  }
  return out
}
