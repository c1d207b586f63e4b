// WeCom wire payload types we send, shaped like the official @wecom/aibot-node-sdk / WECOM.md §3.6.
export interface CardSource { icon_url?: string; desc?: string; desc_color?: 0 | 1 | 2 | 3 }
export interface CardMainTitle { title?: string; desc?: string }
export interface CardHorizontalItem { type?: 0 | 1 | 3; keyname: string; value?: string; url?: string; userid?: string }
export interface CardButton { text: string; style?: 1 | 2 | 3 | 4; key: string }
export interface CardVoteOption { id: string; text: string; is_checked?: boolean }

export interface TemplateCard {
  card_type: 'text_notice' | 'news_notice' | 'button_interaction' | 'vote_interaction' | 'multiple_interaction'
  source?: CardSource
  main_title?: CardMainTitle
  emphasis_content?: { title?: string; desc?: string }
  quote_area?: { type?: 0 | 1; url?: string; title?: string; quote_text?: string }
  sub_title_text?: string
  horizontal_content_list?: CardHorizontalItem[]
  vertical_content_list?: { title: string; desc?: string }[]
  jump_list?: { type?: 0 | 1 | 3; title: string; url?: string; question?: string }[]
  card_action?: { type: 1 | 2; url?: string; appid?: string; pagepath?: string }
  button_list?: CardButton[]
  checkbox?: { question_key: string; mode?: 0 | 1; disable?: boolean; option_list: CardVoteOption[] }
  submit_button?: { text: string; key: string }
  task_id?: string
  feedback?: { id: string }
}

/** A message the bot sends. Commands and jobs return / enqueue these; the transport picks the wire format. */
export type OutMessage =
  | { type: 'markdown'; content: string }
  | { type: 'text'; content: string; mentions?: string[] }
  | {
      type: 'card'
      card: TemplateCard
      /**
       * What a surface that cannot show this card (a group-robot webhook and interactive cards)
       * sends instead: markdown, or '' for nothing (when the same content was sent as text).
       * Default: a markdown rendering of the card.
       */
      fallback?: string
    }
  | { type: 'file'; filename: string; base64: string }
  | { type: 'image'; base64: string }

/** Update of a template card after a click (answer to template_card_event). */
export interface CardUpdate {
  type: 'card_update'
  card: TemplateCard
  /** Only these users see the update; omitted = everyone who sees the card. */
  userids?: string[]
}
