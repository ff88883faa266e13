// POST /account/byok/:id/validate: a real one-token request to the configured provider.
// Success records byok_validated_at; any failure leaves it unchanged and answers 502
// provider_error (or 400 unsafe_base_url when the connect-time SSRF check refuses the address).
import type { RequestHandler } from 'express';
import type { AppContext } from '../../context.js';
import { principalOf } from '../../auth/require-credential.js';
import { nowIso } from '../../db/time.js';
import { conflict } from '../../http/errors.js';
import { handler } from '../../http/routes.js';
import { providerError, unsafeBaseUrl } from '../errors.js';
import { decryptApiKey } from '../key-crypto.js';
import { postToProvider } from '../provider/post.js';
import { buildChatRequest, effectiveBaseUrl } from '../provider/requests.js';
import { toIso } from '../serialize.js';
import { markByokValidated } from '../store.js';
import { idParam, ownConfig } from './own-config.js';

export function validateByokHandler(ctx: AppContext): RequestHandler {
  return handler(async function validateByok(req, res) {
    const config = await ownConfig(ctx, res, idParam(req.params));
    const apiKey = decryptApiKey(ctx.config.SESSION_SECRET, config.api_key_encrypted, config.id);
    if (apiKey === null) {
      throw conflict(
        'The stored provider key can no longer be read (the service secret changed); set api_key again.',
      );
    }
    const request = buildChatRequest(
      config.provider,
      effectiveBaseUrl(config.provider, config.base_url),
      apiKey,
      {
        model: config.model,
        maxTokens: 1,
        user: 'ping',
      },
    );
    const result = await postToProvider({ ...request, allowHosts: ctx.config.BYOK_ALLOW_HOSTS });
    if (!result.ok) {
      ctx.log('byok validate failed', { config_id: config.id, reason: result.message });
      throw result.kind === 'unsafe_base_url' ? unsafeBaseUrl(result.message) : providerError(result.message);
    }
    const validatedAt = nowIso();
    const row = await markByokValidated(
      ctx.store.db,
      principalOf(res).customerId,
      config.id,
      config.updated_at,
      validatedAt,
    );
    if (!row)
      throw conflict('The config set changed (or was deleted) while it was being validated; validate again.');
    res.json({
      ok: true,
      latency_ms: result.latencyMs,
      byok_validated_at: toIso(row.byok_validated_at),
    });
  });
}
