// The sign-in, consent and error pages: small server-rendered HTML, every value escaped.
import type { Response } from 'express';

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const SCOPE_TEXT: Record<string, string> = {
  'memories:read': 'Read your memories and buckets, and query them',
  'memories:write': 'Store and delete memories',
};

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Engram</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#222}
label{display:block;margin-top:1rem}input{width:100%;padding:.5rem;box-sizing:border-box}
button{margin-top:1.25rem;padding:.5rem 1.25rem;margin-right:.5rem}.error{color:#a00}</style>
</head><body><main>
<h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
}

export function sendPage(res: Response, status: number, title: string, body: string): void {
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  // No framing (clickjacking on the consent buttons), no scripts. form-action is left out on
  // purpose: Chromium applies it to the redirect to the client's redirect_uri after a submit.
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'");
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.send(layout(title, body));
}

export function signInPage(v: { request: string; clientName: string; email?: string; error?: string }): string {
  return `<p>Sign in to Engram to continue to <strong>${escapeHtml(v.clientName)}</strong>.</p>
${v.error ? `<p class="error" role="alert">${escapeHtml(v.error)}</p>` : ''}
<form method="post" action="/oauth/sign-in">
<input type="hidden" name="request" value="${escapeHtml(v.request)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(v.email ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`;
}

export function consentPage(v: { request: string; csrf: string; clientName: string; email: string; scopes: string[]; redirectUri: string }): string {
  const scopes = v.scopes.map((s) => `<li><code>${escapeHtml(s)}</code>: ${escapeHtml(SCOPE_TEXT[s] ?? s)}</li>`).join('\n');
  return `<p><strong>${escapeHtml(v.clientName)}</strong> wants to access your Engram account
(signed in as ${escapeHtml(v.email)}).</p>
<p>It asks for:</p>
<ul>
${scopes}
</ul>
<p>You will be sent back to <code>${escapeHtml(v.redirectUri)}</code>.</p>
<form method="post" action="/oauth/consent">
<input type="hidden" name="request" value="${escapeHtml(v.request)}">
<input type="hidden" name="csrf_token" value="${escapeHtml(v.csrf)}">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`;
}

export const messagePage = (message: string): string => `<p class="error" role="alert">${escapeHtml(message)}</p>
<p>Return to the application and start again.</p>`;
