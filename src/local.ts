export * from './local/index';
