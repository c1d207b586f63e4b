// Structured JSON logs (pino). Secrets and message text are redacted by path; anything that
// looks like a secret value is masked before it is written (see redactSecrets).
import pino, { type Logger } from 'pino'

export type { Logger }

export const REDACT_PATHS = [
  'text', '*.text', 'content', '*.content', 'body', '*.body', 'raw', '*.raw', 'encrypt', '*.encrypt', 'echostr',
  'secret', '*.secret', 'corpsecret', 'aesKey', '*.aesKey', 'token', '*.token', 'access_token', 'key', 'webhookKey', '*.webhookKey',
  'req.query', 'url', '*.url', 'response_url', '*.responseUrl', 'responseUrl',
]

export function createLogger(level: string, secrets: string[] = [], destination?: pino.DestinationStream): Logger {
  const masked = secrets.filter((s) => s && s.length >= 6)
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        // Last line of defence: a secret value inside any message or error string is masked.
        streamWrite: (line: string) => redactSecrets(line, masked),
      },
    },
    destination,
  )
}

export function redactSecrets(line: string, secrets: string[]): string {
  let out = line
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('[secret]')
  // access tokens and webhook keys in query strings
  return out.replace(/((?:access_token|key|corpsecret|response_code)=)[^&"\s]+/g, '$1[redacted]')
}
