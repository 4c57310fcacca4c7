// The worker entry when llmcap runs from its TypeScript sources (tests, node --import tsx): register
// tsx in the worker thread, then load the slice replay. The compiled build uses replayWindow.js.
import { register } from 'tsx/esm/api';

register();
const { replayWindow } = await import('./replayWindow.ts');
export default replayWindow;
