export { BROWSER_COLLECTOR_DESCRIPTION, BrowserCollector, type BrowserCollectorOptions, type BrowserPollReport } from './browser-collector';
export { BROWSER_LABELS, type BrowserName, type BrowserProfile, discoverProfiles, type ExtraProfile } from './browser-profiles';
export { browserStateFile } from './browser-state';
export { DEFAULT_DENIED_DOMAINS, DEFAULT_KEPT_QUERY_PARAMETERS, UrlPolicy, type UrlPolicyOptions } from './url-policy';
