export * from './disposables';
export * from './use-controllable-state';
export * from './use-latest';
export * from './compose-refs';
export * from './compose-event-handlers';
export * from './use-abortable';
export * from './create-context';
