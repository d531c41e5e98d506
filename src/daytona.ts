export * from './daytona';
