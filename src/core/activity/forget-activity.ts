import type { ForgetTarget } from '../twin';
import type { ActivityRecord } from './activity-record';

const EDITOR_TYPES = new Set(['edit', 'dwell', 'jump']);

/**
 * Which activity rows a forget request covers besides the memories: everything from a source (editor
 * activity, commits), or every row that mentions the phrase in a path, symbol or detail. Requests by
 * memory id leave activity alone: those rows carry time spent, not the memory's text.
 */
export function activityForgetMatcher(target: ForgetTarget): ((record: ActivityRecord) => boolean) | undefined {
  if ('all' in target) return () => true;
  if ('source' in target) {
    if (target.source === 'editor') return (record) => EDITOR_TYPES.has(record.type);
    if (target.source === 'git') return (record) => record.type === 'commit';
    return undefined;
  }
  if ('query' in target) {
    const needle = target.query.toLocaleLowerCase();
    return (record) => JSON.stringify(record).toLocaleLowerCase().includes(needle);
  }
  return undefined;
}
