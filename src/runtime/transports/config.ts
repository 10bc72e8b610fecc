/**
 * Transport settings: where email, Slack, SMS, model and outbound HTTP go. They come from aexy.yaml
 * (`http`, `email`, `slack`, `sms`, `model` sections; see docs/actions.md) and are read here into a
 * typed value. Secret settings are written as `${{ secrets.NAME }}` and resolved on every use through
 * the runtime's secret resolver, so they never sit in the parsed config or in logs.
 */
import type { RecordStore } from '../activities/ports.js';
import { secretFromEnv } from '../activities/secrets.js';
import { finalFailure } from './failure.js';
import { type AllowList, EMPTY_ALLOW_LIST, parseAllowList, type Resolver } from './ssrf.js';

/** A setting value: plain text, or `${{ secrets.NAME }}` resolved at use. */
export type Setting = string;

export interface SmtpSettings {
  host: Setting;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: boolean;
  user?: Setting;
  pass?: Setting;
}

export interface EmailSettings {
  smtp: SmtpSettings;
  /** Default sender, e.g. `Acme Sales <sales@acme.com>`. */
  from?: Setting;
  /** Domain of generated Message-IDs; default: the sender's domain. */
  messageIdDomain?: string;
}

export interface SlackSettings {
  /** Bot token (`xoxb-...`) for chat.postMessage. */
  token?: Setting;
  /** Incoming-webhook URL, used when there is no token. */
  webhookUrl?: Setting;
  /** Web API base; default https://slack.com/api. */
  baseUrl: string;
}

export interface SmsSettings {
  accountSid: Setting;
  authToken: Setting;
  from?: Setting;
  /** Twilio API base; default https://api.twilio.com. */
  baseUrl: string;
}

export interface ModelSettings {
  /** OpenAI-compatible base URL (ends before `/chat/completions`); default https://api.openai.com/v1. */
  baseUrl: string;
  name: string;
  apiKey?: Setting;
  temperature: number;
}

/** Everything createTransportHandlers needs. */
export interface TransportConfig {
  http: { allow: AllowList; resolver?: Resolver; maxResponseBytes?: number };
  email?: EmailSettings;
  slack?: SlackSettings;
  sms?: SmsSettings;
  model?: ModelSettings;
  /** Record access for the AI record actions (read the record, write enriched values). */
  records?: RecordStore;
  /** Resolves `${{ secrets.NAME }}` in settings (default: env AEXY_SECRET_<NAME>, as for action inputs). */
  secret?: (name: string) => string | undefined;
  /** Default request timeout of provider calls (Slack, Twilio, model); default 30s. */
  timeoutMs?: number;
}

export const DEFAULT_SLACK_BASE_URL = 'https://slack.com/api';
export const DEFAULT_TWILIO_BASE_URL = 'https://api.twilio.com';
export const DEFAULT_MODEL_BASE_URL = 'https://api.openai.com/v1';

const SECRET_REF = /^\s*\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}\s*$/;

/** The value of a setting, resolving a `${{ secrets.NAME }}` reference; throws when the secret is unset. */
export function resolveSetting(value: Setting, config: Pick<TransportConfig, 'secret'>): string {
  const match = SECRET_REF.exec(value);
  if (!match) return value;
  const name = match[1]!;
  const resolved = (config.secret ?? secretFromEnv)(name);
  if (resolved === undefined) {
    throw finalFailure(
      'secret_missing',
      `secret ${name} is not set (environment variable AEXY_SECRET_${name.toUpperCase()})`,
    );
  }
  return resolved;
}

type Raw = Record<string, unknown>;

/** Reads the transport sections of aexy.yaml (pure); problems are returned as messages with their key path. */
export function readTransportConfig(data: Raw): { config: TransportConfig; errors: string[] } {
  const errors: string[] = [];
  const config: TransportConfig = { http: { allow: EMPTY_ALLOW_LIST } };
  const http = section(data, 'http', errors);
  if (http?.allow !== undefined) {
    if (Array.isArray(http.allow) && http.allow.every((e) => typeof e === 'string')) {
      const parsed = parseAllowList(http.allow);
      config.http.allow = parsed.allow;
      errors.push(...parsed.errors.map((e) => `http.allow: ${e}`));
    } else errors.push('http.allow: must be a list of host names or CIDRs');
  }
  const email = section(data, 'email', errors);
  const smtp = email && section(email, 'smtp', errors, 'email.');
  if (email && smtp) config.email = readEmail(email, smtp, errors);
  const slack = section(data, 'slack', errors);
  if (slack)
    config.slack = {
      ...pick(slack, ['token', 'webhookUrl'], errors, 'slack'),
      baseUrl: base(slack, DEFAULT_SLACK_BASE_URL),
    };
  const sms = section(data, 'sms', errors);
  if (sms) config.sms = readSms(sms, errors);
  const model = section(data, 'model', errors);
  if (model) config.model = readModel(model, errors);
  return { config, errors };
}

function readEmail(email: Raw, smtp: Raw, errors: string[]): EmailSettings {
  const strings = pick(smtp, ['host', 'user', 'pass'], errors, 'email.smtp');
  if (!strings.host) errors.push('email.smtp.host: required');
  const secure = smtp.secure === true;
  const port = typeof smtp.port === 'number' ? smtp.port : secure ? 465 : 587;
  const top = pick(email, ['from', 'messageIdDomain'], errors, 'email');
  return { smtp: { host: strings.host ?? '', port, secure, user: strings.user, pass: strings.pass }, ...top };
}

function readSms(sms: Raw, errors: string[]): SmsSettings {
  const s = pick(sms, ['accountSid', 'authToken', 'from'], errors, 'sms');
  if (!s.accountSid || !s.authToken) errors.push('sms: accountSid and authToken are required');
  return {
    accountSid: s.accountSid ?? '',
    authToken: s.authToken ?? '',
    from: s.from,
    baseUrl: base(sms, DEFAULT_TWILIO_BASE_URL),
  };
}

function readModel(model: Raw, errors: string[]): ModelSettings {
  const s = pick(model, ['name', 'apiKey'], errors, 'model');
  if (!s.name) errors.push('model.name: required (e.g. gpt-4o-mini)');
  const temperature = typeof model.temperature === 'number' ? model.temperature : 0;
  return { baseUrl: base(model, DEFAULT_MODEL_BASE_URL), name: s.name ?? '', apiKey: s.apiKey, temperature };
}

function section(data: Raw, key: string, errors: string[], prefix = ''): Raw | undefined {
  const value = data[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return value as Raw;
  errors.push(`${prefix}${key}: must be a mapping`);
  return undefined;
}

function pick<K extends string>(
  data: Raw,
  keys: K[],
  errors: string[],
  path: string,
): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = data[key];
    if (typeof value === 'string') out[key] = value;
    else if (value !== undefined) errors.push(`${path}.${key}: must be a string`);
  }
  return out;
}

function base(data: Raw, fallback: string): string {
  return (typeof data.baseUrl === 'string' ? data.baseUrl : fallback).replace(/\/+$/, '');
}
