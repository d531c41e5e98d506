// The WebPreview family: live sandbox previews (see docs/web-preview.md).
export { WebPreview, type WebPreviewProps } from './web-preview';
export {
  useWebPreview,
  useOptionalWebPreview,
  WEB_PREVIEW_DEVICES,
  type WebPreviewContextValue,
  type WebPreviewState,
  type WebPreviewUrlChangeReason,
  type WebPreviewDeviceName,
  type WebPreviewNavigateResult,
} from './context';
export {
  WebPreviewNavigation,
  WebPreviewBackButton,
  WebPreviewForwardButton,
  WebPreviewReloadButton,
  WebPreviewOpenButton,
  type WebPreviewNavigationProps,
  type WebPreviewButtonProps,
} from './navigation';
export { WebPreviewUrl, type WebPreviewUrlProps } from './url-bar';
export {
  WebPreviewBody,
  WebPreviewDevice,
  WebPreviewFullscreenButton,
  WebPreviewRetryButton,
  type WebPreviewBodyProps,
  type WebPreviewRetryButtonProps,
  type WebPreviewDeviceProps,
  type WebPreviewFullscreenButtonProps,
} from './body';
export { WebPreviewConsole, type WebPreviewConsoleProps, type WebPreviewConsoleState } from './console';
export { defaultWebPreviewLabels, type WebPreviewLabels } from './labels';
// Types that public props and results refer to. The helpers behind them (URL
// parsing, the iframe sandbox rule, ANSI parsing, the log ring buffer, the
// bridge protocol parser, the history reducer) are internal since #13.
export type { PreviewInput, PreviewInputError } from './url';
export type { BridgeMessage, BridgeNavigationKind } from './bridge-protocol';
