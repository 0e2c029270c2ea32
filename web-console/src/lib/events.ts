// Events as a person pastes or uploads them for a backtest.

/** Events pasted as a JSON array or NDJSON. @throws Error naming the line of a bad one */
export function parseEvents(text: string): Record<string, unknown>[] {
  const t = text.trim();
  if (!t) return [];
  if (t.startsWith("[")) {
    const v = JSON.parse(t);
    if (!Array.isArray(v)) throw new Error("expected a JSON array of events");
    return v;
  }
  return t.split("\n").flatMap((line, i) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line)];
    } catch (e) {
      throw new Error(`line ${i + 1} is not JSON: ${(e as Error).message}`);
    }
  });
}
