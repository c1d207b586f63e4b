// Replies written by the inbound callback transports (slow commands, stream fallbacks).
export const callback = {
  'callback.seeBelow': '已处理完成，结果见下一条消息。',
  'callback.failed': '抱歉，这条消息没有处理成功，请稍后再发一次。',
} as const
