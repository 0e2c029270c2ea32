// Streams: the declared ones with their fields, and declaring a new one (its `stream` clause).
import { useState } from "preact/hooks";
import { Editor, type EditorHandle } from "../components/editor";
import { ActionButton, Ago, Empty, ErrorBox, Loading, useAsync } from "../components/ui";
import { api } from "../lib/api";
import { can } from "../lib/session";

const TEMPLATE = `stream payments {
  time ts
  key card
  fields {
    card: string
    amount: decimal
    ts: timestamp
  }
}
`;

export function StreamsScreen() {
  const streams = useAsync(() => api.streams(), []);
  const [declaring, setDeclaring] = useState(false);
  let editor: EditorHandle | null = null;
  return (
    <section aria-labelledby="streams-title">
      <div class="heading">
        <h1 id="streams-title">Streams</h1>
        {can("author") && !declaring && <button class="primary" id="declare-stream" onClick={() => setDeclaring(true)}>Declare a stream</button>}
      </div>
      {declaring && (
        <div class="card">
          <h2>Declare a stream</h2>
          <p class="muted">Its topic is its name unless it says <code>topic "..."</code>; events are checked against its fields.</p>
          <Editor label="stream declaration" initial={TEMPLATE} minHeight="200px" handle={(h) => (editor = h)} />
          <div class="toolbar">
            <ActionButton label="Declare" id="confirm-stream" kind="primary" run={async () => { await api.createStream(editor!.text()); setDeclaring(false); streams.reload(); }} />
            <button onClick={() => setDeclaring(false)}>Cancel</button>
          </div>
        </div>
      )}
      {streams.error && <ErrorBox title="Cannot list the streams" error={streams.error} />}
      {streams.loading && !streams.data && <Loading what="streams" />}
      {streams.data && streams.data.length === 0 && <Empty title="No streams yet">A rule reads a stream: declare one first.</Empty>}
      {streams.data && streams.data.length > 0 && (
        <table class="list" id="streams-table">
          <thead><tr><th>Stream</th><th>Topic</th><th>Key</th><th>Time</th><th>Fields</th><th>Updated</th></tr></thead>
          <tbody>
            {streams.data.map((s) => (
              <tr data-stream={s.name}>
                <td><strong>{s.name}</strong> <span class="muted">v{s.version}</span></td>
                <td><code>{s.topic}</code></td>
                <td>{s.key ?? "–"}</td>
                <td>{s.time ?? "–"}</td>
                <td>{s.fields.map((f) => <span class="tag" title={f.type}>{f.name}: {f.type}</span>)}</td>
                <td><Ago time={s.updated} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
