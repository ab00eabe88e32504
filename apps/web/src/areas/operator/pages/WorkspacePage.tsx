import { useMessages } from '../../../i18n';
import { Page, SelectField } from '../../../ui';
import { useNode } from '../node';
import { nodeMessages } from '../nodeMessages';
import { WorkspaceSection } from '../workspace';

/** The hub's or a town station's workspace: what is here, due in, must go out, exceptions, runs and the day. */
export function WorkspacePage() {
  const n = useMessages(nodeMessages);
  const { current, choices, select } = useNode();
  return (
    <Page title={n.workspaceTitle}>
      {choices.length > 1 && (
        <SelectField
          label={n.level(current.node.level)}
          name="node"
          value={current.node.id}
          onChange={(e) => select(e.target.value)}
        >
          {choices.map((choice) => (
            <option key={choice.node.id} value={choice.node.id}>
              {choice.node.name} ({choice.node.code})
            </option>
          ))}
        </SelectField>
      )}
      <p className="muted small">
        {current.orgName} · {current.node.code}
      </p>
      <WorkspaceSection />
    </Page>
  );
}
