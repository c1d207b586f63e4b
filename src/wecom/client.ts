// Outbound WeCom client (axios). Placeholder interface; the implementation lands with the client work.
export interface WecomClient {}
