// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { errorMessage, isUnanswered } from '../../lib/errors';

describe('errorMessage', () => {
  it.each([
    ['an Error', new Error('disk full'), 'disk full'],
    ['a TypeError', new TypeError('Failed to fetch'), 'Failed to fetch'],
    ['a thrown string', 'server said no', 'server said no'],
    // IndexedDB rejects with DOMException-like objects that are not always `instanceof Error` across realms.
    ['an object with a message', { name: 'QuotaExceededError', message: 'quota exceeded' }, 'quota exceeded'],
    ['an object without one', { code: 7 }, '[object Object]'],
    ['undefined', undefined, 'undefined'],
    ['a number', 404, '404'],
  ])('%s', (_, thrown, words) => {
    expect(errorMessage(thrown)).toBe(words);
  });
});

describe('isUnanswered', () => {
  it.each([
    ['Could not establish connection. Receiving end does not exist.', true],
    ['background unreachable after 3 tries', true],
    ['no answer from the background', true],
    ['HTTP 401: wrong token', false],
    ['', false],
  ])('%s → %s', (message, unanswered) => {
    expect(isUnanswered(message)).toBe(unanswered);
  });
});
