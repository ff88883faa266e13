// GET/POST /oauth/consent: shows the client and scopes to the signed-in customer; Allow issues a
// single-use code and sends the browser to redirect_uri, Deny sends error=access_denied.
import express, { type RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { safeEqual } from '../auth/secrets.js';
import { handler } from '../http/routes.js';
import { insertCode } from './grants.js';
import { consentPage, messagePage, sendPage } from './pages.js';
import { EXPIRED_REQUEST, loadPending, redirectWith } from './pending.js';
import type { Signer } from './signed.js';
import type { SigninSessions } from './signin-session.js';

export interface ConsentOptions {
  db: Kysely<Database>;
  signer: Signer;
  signin: SigninSessions;
  issuer: string;
}

const signInUrl = (blob: string) => `/oauth/sign-in?request=${encodeURIComponent(blob)}`;

export function consentPageHandler(options: ConsentOptions): RequestHandler {
  const { signer, signin } = options;
  return handler(async function showConsent(req, res) {
    const pending = await loadPending(options, req.query.request);
    if (!pending) return sendPage(res, 400, 'Authorization link expired', messagePage(EXPIRED_REQUEST));
    const who = await signin.current(req);
    if (!who) return res.redirect(302, signInUrl(pending.blob));
    const page = consentPage({
      request: pending.blob, csrf: signer.csrfFor(who.sessionId), clientName: pending.clientName, email: who.email,
      scopes: pending.request.scopes, redirectUri: pending.request.redirectUri,
    });
    sendPage(res, 200, 'Allow access?', page);
  });
}

export function consentSubmitHandler(options: ConsentOptions): RequestHandler[] {
  const { db, signer, signin, issuer } = options;
  const parse = express.urlencoded({ extended: false, limit: '16kb' });
  const submit = handler(async function submitConsent(req, res) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const pending = await loadPending(options, body.request);
    if (!pending) return sendPage(res, 400, 'Authorization link expired', messagePage(EXPIRED_REQUEST));
    const who = await signin.current(req);
    if (!who) return res.redirect(303, signInUrl(pending.blob));
    // The token is bound to this browser's sign-in session: a cross-site form cannot know it.
    const csrf = typeof body.csrf_token === 'string' ? body.csrf_token : '';
    if (!safeEqual(csrf, signer.csrfFor(who.sessionId))) {
      return sendPage(res, 403, 'Request refused', messagePage('The form is stale or did not come from this page.'));
    }
    const { request } = pending;
    // RFC 9207: `iss` in the response lets the client detect mix-up attacks.
    const common = { state: request.state, iss: issuer };
    if (body.decision === 'deny') {
      return res.redirect(302, redirectWith(request.redirectUri, { error: 'access_denied', error_description: 'The user denied access', ...common }));
    }
    if (body.decision !== 'allow') return sendPage(res, 400, 'Request refused', messagePage('Choose Allow or Deny.'));
    const code = await insertCode(db, {
      clientId: request.clientId, customerId: who.customerId, redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge, scopes: request.scopes, resource: request.resource,
    });
    res.redirect(302, redirectWith(request.redirectUri, { code, ...common }));
  });
  return [parse, submit];
}
