/**
 * Per-automation webhook secrets: created on first use (`aexy webhooks secret show`, the runtime at
 * start for every webhook automation) and rotated with `aexy webhooks secret rotate`; the previous
 * secret stays valid for a grace period (default 24 hours) so senders can switch without dropped
 * requests. The store is the workspace backend's `webhookSecrets`; this module only re-exports what
 * the runtime needs without loading a backend.
 */
export type { WebhookSecret, WebhookSecretStore } from '../../workspace/backend.js';
export { DEFAULT_ROTATION_GRACE_MS } from '../../workspace/webhook-secrets.js';
