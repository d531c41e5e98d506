export {
  ComputerUseVncDisplay,
  type ComputerUseVncDisplayProps,
  type ComputerUseVncState,
  type VncCredentials,
  type VncDisconnectDetails,
} from './vnc-display';
export { toVncWebSocketUrl } from './link';
