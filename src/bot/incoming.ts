// One shape for every inbound message or card event, whichever transport delivered it.
export type Via = 'bot' | 'longconn' | 'app'

export interface CardEvent {
  /** button key / submit key */
  key: string
  taskId: string
  cardType: string
  /** vote/multiple cards: selected option ids per question */
  selected: { questionKey: string; optionIds: string[] }[]
  /** app callbacks: response_code usable once with update_template_card */
  responseCode?: string
}

export interface IncomingFile {
  kind: 'file' | 'image'
  url: string
  /** long connection: per-file key (base64). Callback mode: the callback AES key applies. */
  aeskey?: string
  filename?: string
}

export interface Incoming {
  msgid: string
  via: Via
  /** group: the group chatid; single: the user's id */
  chat: { id: string; type: 'group' | 'single' }
  userid: string
  /** Text with the leading @bot mention stripped and trimmed ('' for events and files). */
  text: string
  kind: 'text' | 'card_event' | 'enter_chat' | 'file' | 'stream_refresh' | 'other'
  event?: CardEvent
  file?: IncomingFile
  /** URL mode stream refresh poll: the stream id being polled */
  streamId?: string
  responseUrl?: string
  /** Raw decrypted body (stored for a retention window, never logged). */
  raw: string
}
