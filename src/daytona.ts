export * from './daytona/index';
