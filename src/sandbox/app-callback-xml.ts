// The self-built app's XML as WeCom writes it (WECOM.md §1.6, §5.4): the encrypted envelope, the
// template_card_event plaintext, and a passive update_template_card reply read back into JSON.
import type { Json } from './wecom-standin/store.js'

const cdata = (s: string): string => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`

export function appEnvelope(corpId: string, agentId: number, encrypt: string): string {
  return `<xml><ToUserName>${cdata(corpId)}</ToUserName><AgentID>${cdata(String(agentId))}</AgentID><Encrypt>${cdata(encrypt)}</Encrypt></xml>`
}

export function appCardEventXml(e: {
  corpId: string
  agentId: number
  userid: string
  createTime: string
  key: string
  taskId: string
  cardType: string
  responseCode: string
  selected: { question_key: string; option_ids: string[] }[]
}): string {
  const selected = e.selected.length
    ? `<SelectedItems>${e.selected
        .map((s) => `<SelectedItem><QuestionKey>${cdata(s.question_key)}</QuestionKey><OptionIds>${s.option_ids.map((o) => `<OptionId>${cdata(o)}</OptionId>`).join('')}</OptionIds></SelectedItem>`)
        .join('')}</SelectedItems>`
    : ''
  return (
    `<xml><ToUserName>${cdata(e.corpId)}</ToUserName><FromUserName>${cdata(e.userid)}</FromUserName><CreateTime>${e.createTime}</CreateTime>` +
    `<MsgType>${cdata('event')}</MsgType><Event>${cdata('template_card_event')}</Event><EventKey>${cdata(e.key)}</EventKey>` +
    `<TaskId>${cdata(e.taskId)}</TaskId><CardType>${cdata(e.cardType)}</CardType><ResponseCode>${cdata(e.responseCode)}</ResponseCode>` +
    `<AgentID>${e.agentId}</AgentID>${selected}</xml>`
  )
}

const LISTS = new Set(['button_list', 'option_list', 'horizontal_content_list', 'vertical_content_list', 'jump_list', 'action_list', 'select_list'])
const SPECIAL: Record<string, string> = { KeyName: 'keyname', UserId: 'userid', AppId: 'appid', PagePath: 'pagepath', IconUrl: 'icon_url' }
const snake = (k: string): string => SPECIAL[k] ?? k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()
const NUMERIC = new Set(['style', 'type', 'desc_color', 'mode', 'aspect_ratio'])

/** PascalCase TemplateCard XML (parsed) → the snake_case card JSON the page renders. */
export function cardFromXml(value: Json | undefined): Json {
  const out: Json = {}
  for (const [k, v] of Object.entries(value ?? {})) {
    const key = snake(k)
    const convert = (x: unknown): unknown => {
      if (x !== null && typeof x === 'object') return cardFromXml(x as Json)
      if (NUMERIC.has(key) && /^\d+(\.\d+)?$/.test(String(x))) return Number(x)
      if (x === 'true' || x === 'false') return x === 'true'
      return x
    }
    out[key] = LISTS.has(key) ? (Array.isArray(v) ? v : [v]).map(convert) : convert(v)
  }
  return out
}
