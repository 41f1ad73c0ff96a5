import type { RecallItem } from '../../core/protocol/sidecar-protocol';
import type { DashboardMethod, DashboardParams, DashboardRecallItem, DashboardResult } from './protocol';

/**
 * What the dashboard needs from the rest of the extension, one method per request. Implemented over the
 * sidecar client and the observers' settings; a method rejects with an Error whose message says what
 * went wrong (the dashboard shows it next to what the user tried).
 */
export type DashboardBackend = {
  [M in DashboardMethod]: (params: DashboardParams<M>) => Promise<DashboardResult<M>>;
};

/** The wire shape of a search result must accept what the sidecar's recall returns, unchanged. */
type Assignable<T extends U, U> = T;
export type RecallItemFitsTheWire = Assignable<RecallItem, DashboardRecallItem>;
