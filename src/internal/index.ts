export * from './disposables';
export * from './use-controllable-state';
export * from './use-latest';
export * from './use-abortable';
export * from './labels';
export * from './slot';
export * from './strict-context';
