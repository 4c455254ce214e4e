import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths never logged in clear, whatever object is logged. */
export const REDACT_PATHS = [
  'reporterName', 'reporterPhone', 'reporterIdNumber', 'reporterRef', 'phone', 'password', 'token', 'apiKey',
  '*.reporterName', '*.reporterPhone', '*.reporterIdNumber', '*.reporterRef', '*.phone', '*.password', '*.token', '*.apiKey',
  'payload', '*.payload', 'content', '*.content',
  'req.headers.authorization', 'req.headers["x-api-key"]',
];

export function createLogger(level: string, name = 'lianxin'): Logger {
  return pino({ name, level, redact: { paths: REDACT_PATHS, censor: '[masked]' } });
}
