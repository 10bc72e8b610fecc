import { describe, expect, test } from 'vitest';
import { didYouMean, editDistance } from '../../../src/schema/did-you-mean.js';

describe('editDistance', () => {
  test('counts inserts, deletes, substitutions and swaps of neighbours', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('send_emial', 'send_email')).toBe(1);
    expect(editDistance('feild', 'field')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('stage.changd', 'stage.changed')).toBe(1);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('didYouMean', () => {
  const actions = ['send_email', 'send_slack', 'send_sms', 'update_record'];
  test('suggests the closest plausible candidate', () => {
    expect(didYouMean('send_emial', actions)).toBe('send_email');
    expect(didYouMean('updte_record', actions)).toBe('update_record');
    expect(didYouMean('Send_Email', actions)).toBe('send_email');
  });
  test('stays quiet when nothing is close', () => {
    expect(didYouMean('create_invoice', actions)).toBeUndefined();
    // Short words need a close match: `foo` is not a typo of `op`.
    expect(didYouMean('foo', ['op', 'all', 'any'])).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });
});
