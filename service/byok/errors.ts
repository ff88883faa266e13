// The BYOK-specific error values (the app's one error handler renders them).
import { ApiError } from '../http/errors.js';

export const unsafeBaseUrl = (reason: string) =>
  new ApiError(400, 'unsafe_base_url', `base_url rejected: ${reason}.`);
export const providerError = (message: string) => new ApiError(502, 'provider_error', message);
