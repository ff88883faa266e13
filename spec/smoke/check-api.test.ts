// The Check API writes its own failure messages, in the manner of expect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestInfo } from '@playwright/test';
import { Check, CheckFailure } from '../../helpers/check.js';

const check = () => new Check({ annotations: [] } as unknown as TestInfo);

test('equal passes on equal values, deep for plain data', () => {
  check().equal(3, 3, 'count');
  check().equal({ a: [1, 2] }, { a: [1, 2] }, 'shape');
});

test('equal fails naming what, what it got and what it wanted', () => {
  assert.throws(
    () => check().equal(2, 1, 'keys listed'),
    (e: Error) => {
      assert.ok(e instanceof CheckFailure);
      assert.equal(e.message, 'keys listed: got 2, want 1');
      return true;
    },
  );
  assert.throws(() => check().equal('free', 'pro', 'plan'), /plan: got "free", want "pro"/);
  assert.throws(() => check().equal([1], [2], 'list'), /list: got \[1\], want \[2\]/);
});
