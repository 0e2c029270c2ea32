// The signed-in token, kept in sessionStorage (gone when the tab closes), and who it is.
import type { Me, Role } from "./types";

const KEY = "cepheus.token";
type Listener = () => void;
const listeners = new Set<Listener>();
let me: Me | null = null;
let expiredReason: string | null = null;

export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  me: (): Me | null => me,
  /** Why the last session ended, if the server refused its token. */
  expiredReason: (): string | null => expiredReason,

  signIn(token: string, who: Me) {
    sessionStorage.setItem(KEY, token);
    me = who;
    expiredReason = null;
    notify();
  },
  /** Who the kept token is, once the server said (on a reload). */
  restore(who: Me) {
    me = who;
    notify();
  },
  signOut() {
    sessionStorage.removeItem(KEY);
    me = null;
    notify();
  },
  /** The server no longer takes the token (revoked): back to sign-in, saying why. */
  expired(reason: string) {
    if (!sessionStorage.getItem(KEY)) return;
    expiredReason = reason;
    session.signOut();
  },
  subscribe(l: Listener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

function notify() {
  listeners.forEach((l) => l());
}

const RANK: Record<Role, number> = { viewer: 0, author: 1, admin: 2 };

/** Whether the signed-in token may do what `role` may. */
export function can(role: Role): boolean {
  return me !== null && RANK[me.role] >= RANK[role];
}
