export { CameraScanner, cameraScanSupported } from './camera';
export { scanMessages } from './messages';
export { QueueList, SignalBar } from './QueueView';
export { ScanForm, useFocusOnOpen } from './ScanForm';
export {
  enqueueScan,
  flushScans,
  refusalOf,
  useScanQueue,
  useScanSender,
  type QueuedScan,
  type ScanQueueState,
} from './scanQueue';
export { useKeyboardWedge } from './wedge';
