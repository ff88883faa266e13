// Deliberately red: exercises every channel a secret could leak through.
import { test } from '../../../helpers/fixtures.js';

test('leak.sends_credentials_then_fails', async ({ api, anon, state, check }) => {
  // API key in a recorded request header; the response body holds the key list.
  const res = await api.get('/account/api-keys');
  check.status(res.status());
  // Tenant password in a recorded request body.
  await anon.post('/auth/login', { data: { email: state.tenant?.email, password: state.tenant?.password } });
  // A secret on the test's stdout (lands in the HTML report, JUnit system-out, Allure).
  console.log(`session token is ${state.tenant?.session_token}`);
  // A request that times out: Playwright puts a call log with the headers into the error.
  await api.get('/health', { timeout: 1 });
  check.that(false, 'unreachable: the request above times out');
});
