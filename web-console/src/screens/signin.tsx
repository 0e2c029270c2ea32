// Sign in with an API token (kept for this tab only, in sessionStorage).
import { useState } from "preact/hooks";
import { ErrorBox } from "../components/ui";
import { api, ApiError } from "../lib/api";
import { session } from "../lib/session";

export function SignIn() {
  const [token, setToken] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const reason = session.expiredReason();

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const who = await api.me(token.trim());
      session.signIn(token.trim(), who);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? new ApiError(401, "The server does not know this token (or it was revoked).") : (err as ApiError));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="center">
      <form class="card signin" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Cepheus</h1>
        <p class="muted">Sign in with an API token. <code>cepheus serve</code> prints the admin token at its first start; an admin makes others with <code>POST /api/v1/tokens</code>.</p>
        {reason && <ErrorBox title="Signed out" error={reason} />}
        <label for="token">API token</label>
        <input id="token" type="password" autoComplete="off" autoFocus value={token} onInput={(e) => setToken((e.target as HTMLInputElement).value)} placeholder="cph_…" required />
        <button class="primary" id="sign-in" type="submit" disabled={busy || !token.trim()}>{busy ? "Signing in…" : "Sign in"}</button>
        {error && <ErrorBox title="Cannot sign in" error={error} />}
        <p class="muted small">The token is kept in this tab only, and forgotten when it closes.</p>
      </form>
    </main>
  );
}
