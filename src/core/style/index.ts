export * from './style-profile';
export * from './style-profile-store';
export * from './learn-style';
export * from './code-style';
export * from './commit-style';
export * from './commit-message';
export * from './render-style-profile';
