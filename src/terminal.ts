export * from './web-terminal';
