import { useNode } from '../node';
import { HomePage } from './HomePage';
import { WorkspacePage } from './WorkspacePage';

/** Where an operator lands: the village point's counter, or the hub's or town station's workspace. */
export function NodeHomePage() {
  const { current } = useNode();
  return current.node.level === 'village_point' ? <HomePage /> : <WorkspacePage />;
}
