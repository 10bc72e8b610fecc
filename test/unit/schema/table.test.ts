import { expect, test } from 'vitest';
import { renderTable } from '../../../src/ui/table.js';

test('renderTable pads every column but the last to its widest cell', () => {
  expect(
    renderTable(
      ['ID', 'MODULE', 'SUMMARY'],
      [
        ['send_email', 'common', 'Send an email.'],
        ['get_record', 'crm', ''],
      ],
    ),
  ).toBe('ID          MODULE  SUMMARY\nsend_email  common  Send an email.\nget_record  crm\n');
});
