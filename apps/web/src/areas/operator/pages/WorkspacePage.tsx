import { useMessages } from '../../../i18n';
import { Page } from '../../../ui';
import { NodeSwitch, useNode } from '../node';
import { nodeMessages } from '../nodeMessages';
import { WorkspaceSection } from '../workspace';

/** The hub's or a town station's workspace: what is here, due in, must go out, exceptions, runs and the day. */
export function WorkspacePage() {
  const n = useMessages(nodeMessages);
  const { current } = useNode();
  return (
    <Page title={n.workspaceTitle}>
      <NodeSwitch label={n.level(current.node.level)} />
      <p className="muted small">
        {current.orgName} · {current.node.code}
      </p>
      <WorkspaceSection />
    </Page>
  );
}
