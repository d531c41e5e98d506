export {
  ComputerUseVncDisplay,
  type ComputerUseVncDisplayProps,
  type ComputerUseVncState,
  type VncCredentials,
  type VncDisconnectDetails,
} from './vnc-display';
export { toVncWebSocketUrl } from './link';
// The labels type of the `labels` prop (also exported from the core entry).
export type { ComputerUseLabels } from '../labels';
