/** The one-character marks of plan output, shared by text and Markdown. */
import type { ChangeAction } from '../../plan/types.js';
import type { PlanStyle } from './style.js';

export const ACTION_MARK: Record<ChangeAction, string> = {
  create: '+',
  update: '~',
  delete: '-',
  rename: '>',
  'no-op': ' ',
};

export const ACTION_WORDS: Record<ChangeAction, string> = {
  create: 'will be created',
  update: 'will be updated in place',
  delete: 'will be deleted',
  rename: 'will be renamed',
  'no-op': 'is unchanged',
};

/** The mark coloured by what it means. */
export function markFor(action: ChangeAction, style: PlanStyle): string {
  const mark = ACTION_MARK[action];
  if (action === 'create') return style.add(mark);
  if (action === 'delete') return style.remove(mark);
  return style.change(mark);
}
