// The shell: sign-in gate, navigation, and the screen for the current path.
import { useEffect, useState } from "preact/hooks";
import { Loading } from "./components/ui";
import { api } from "./lib/api";
import { match, navigate, useLocation } from "./lib/router";
import { session } from "./lib/session";
import { AlertPage } from "./screens/alert";
import { AlertsScreen } from "./screens/alerts";
import { RulePage } from "./screens/rule";
import { RulesScreen } from "./screens/rules";
import { SignIn } from "./screens/signin";
import { StreamsScreen } from "./screens/streams";
import { WebhookPage, WebhooksScreen } from "./screens/webhooks";
import { WhyNotScreen } from "./screens/whynot";

// Plain links navigate inside the app (a modified click still opens a new tab).
document.addEventListener("click", (e) => {
  const a = (e.target as HTMLElement).closest("a");
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const href = a.getAttribute("href");
  if (!href || !href.startsWith("/") || a.target || a.hasAttribute("download")) return;
  e.preventDefault();
  navigate(href);
});

function useSession() {
  const [, setTick] = useState(0);
  useEffect(() => session.subscribe(() => setTick((t) => t + 1)), []);
  return session.me();
}

const NAV = [
  ["/rules", "Rules"],
  ["/alerts", "Alerts"],
  ["/why", "Why not?"],
  ["/streams", "Streams"],
  ["/webhooks", "Webhooks"],
];

export function App() {
  const me = useSession();
  const [checking, setChecking] = useState(!!session.token() && !session.me());
  const { path } = useLocation();

  useEffect(() => {
    if (!checking) return;
    api.me().then(
      (who) => {
        session.restore(who);
        setChecking(false);
      },
      () => {
        session.signOut();
        setChecking(false);
      },
    );
  }, [checking]);

  if (checking) return <main class="center"><Loading what="your session" /></main>;
  if (!me) return <SignIn />;
  if (path === "/" || path === "/index.html") {
    navigate("/rules", true);
    return null;
  }
  return (
    <div class="shell">
      <a class="skip" href="#content" onClick={(e) => { e.preventDefault(); document.getElementById("content")?.focus(); }}>Skip to content</a>
      <header class="top">
        <a class="brand" href="/rules">Cepheus</a>
        <nav aria-label="main">
          {NAV.map(([href, label]) => (
            <a href={href} class={path.startsWith(href) ? "current" : ""} aria-current={path.startsWith(href) ? "page" : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <span class="who" id="who" title={`token ${me.id}`}>
          {me.name} <span class={`badge badge-role`}>{me.role}</span>
        </span>
        <button class="link" id="sign-out" onClick={() => session.signOut()}>Sign out</button>
      </header>
      <main id="content" tabIndex={-1}>
        <Screen path={path} />
      </main>
    </div>
  );
}

function Screen({ path }: { path: string }) {
  let m: Record<string, string> | null;
  if ((m = match("/rules", path))) return <RulesScreen />;
  if ((m = match("/rules/new", path))) return <RulePage id={null} tab="edit" />;
  if ((m = match("/rules/:id/:tab?", path))) return <RulePage id={m.id} tab={m.tab ?? "edit"} />;
  if ((m = match("/alerts", path))) return <AlertsScreen />;
  if ((m = match("/alerts/:id", path))) return <AlertPage id={m.id} />;
  if ((m = match("/why", path))) return <WhyNotScreen />;
  if ((m = match("/streams", path))) return <StreamsScreen />;
  if ((m = match("/webhooks", path))) return <WebhooksScreen />;
  if ((m = match("/webhooks/:name", path))) return <WebhookPage name={m.name} />;
  return (
    <section>
      <h1>Not found</h1>
      <p>The console has no page at {path}. <a href="/rules">Go to the rules</a>.</p>
    </section>
  );
}
