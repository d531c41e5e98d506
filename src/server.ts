export * from './server/index';
