// GET/POST /oauth/sign-in: the HTML sign-in page of the authorization flow. A wrong password
// re-renders the page with 401; success sets the sign-in cookie and goes on to the consent page.
import express, { type RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import { checkPassword, EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH } from '../account/sign-in.js';
import { handler } from '../http/routes.js';
import { EXPIRED_REQUEST, loadPending } from './pending.js';
import { messagePage, sendPage, signInPage } from './pages.js';
import type { Signer } from './signed.js';
import type { SigninSessions } from './signin-session.js';

export interface SignInOptions {
  db: Kysely<Database>;
  signer: Signer;
  signin: SigninSessions;
}

const SignInForm = z.object({
  request: z.string().min(1).max(8192),
  email: z.string().trim().min(1).max(EMAIL_MAX_LENGTH),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

const consentUrl = (blob: string) => `/oauth/consent?request=${encodeURIComponent(blob)}`;

export function signInPageHandler(options: SignInOptions): RequestHandler {
  const { signin } = options;
  return handler(async function showSignIn(req, res) {
    const pending = await loadPending(options, req.query.request);
    if (!pending) return sendPage(res, 400, 'Sign-in link expired', messagePage(EXPIRED_REQUEST));
    if (await signin.current(req)) return res.redirect(302, consentUrl(pending.blob));
    sendPage(res, 200, 'Sign in', signInPage({ request: pending.blob, clientName: pending.clientName }));
  });
}

export function signInSubmitHandler(options: SignInOptions): RequestHandler[] {
  const { db, signin } = options;
  const parse = express.urlencoded({ extended: false, limit: '16kb' });
  const submit = handler(async function submitSignIn(req, res) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const pending = await loadPending(options, body.request);
    if (!pending) return sendPage(res, 400, 'Sign-in link expired', messagePage(EXPIRED_REQUEST));
    const form = SignInForm.safeParse(body);
    const email = typeof body.email === 'string' ? body.email.slice(0, EMAIL_MAX_LENGTH) : '';
    if (!form.success) {
      const page = signInPage({ request: pending.blob, clientName: pending.clientName, email, error: 'Enter your email and password.' });
      return sendPage(res, 400, 'Sign in', page);
    }
    const customer = await checkPassword(db, form.data.email, form.data.password);
    if (!customer) {
      const page = signInPage({ request: pending.blob, clientName: pending.clientName, email, error: 'Email or password is incorrect.' });
      return sendPage(res, 401, 'Sign in', page);
    }
    await signin.start(res, customer.id);
    res.redirect(303, consentUrl(pending.blob));
  });
  return [parse, submit];
}
