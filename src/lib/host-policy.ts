/**
 * Which `Host` names the service answers to (README, Configuration: HOST, PUBLIC_ORIGIN,
 * ALLOWED_HOSTS). A DNS-rebinding page (a name of the attacker's that resolves to 127.0.0.1
 * after the page loaded) reaches a loopback-bound service as a same-origin page of its own
 * name: the browser sends that name as Host and as Origin. Refusing names the deployment does
 * not serve, and checking Origin against the served names rather than against the request's own
 * Host, keeps such a page out.
 *
 * - Loopback names (localhost, 127.0.0.1, [::1], any port) are always served: a page whose Host
 *   is one of them was loaded from this machine, not from an attacker's name.
 * - PUBLIC_ORIGIN's host and the ALLOWED_HOSTS entries are served (an entry with a port only on
 *   that port); ALLOWED_HOSTS=* serves every name.
 * - Without either, a service bound to a loopback address serves loopback names only; one bound
 *   elsewhere serves every name, as before these settings existed (set PUBLIC_ORIGIN or
 *   ALLOWED_HOSTS there).
 */

export interface HostSettings {
  host: string;
  publicOrigin?: string;
  allowedHosts: readonly string[];
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether HOST (the address the server listens on) is a loopback one. */
export function isLoopbackBind(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** `host[:port]` as a Host header has it, split; null when it is not of that form. */
export function splitHost(value: string): { name: string; port?: string } | null {
  const v = value.toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[^\s/?#@[\]:]+)(?::(\d{1,5}))?$/.exec(v);
  return m ? { name: m[1]!, port: m[2] } : null;
}

export class HostPolicy {
  /** Served names, each with the ports it is served on (undefined: any port). Null: every name is served. */
  private readonly served: Map<string, Set<string> | undefined> | null;

  constructor(settings: HostSettings) {
    const configured = [...settings.allowedHosts];
    if (settings.publicOrigin) configured.push(new URL(settings.publicOrigin).hostname.toLowerCase());
    if (configured.includes('*') || (configured.length === 0 && !isLoopbackBind(settings.host))) {
      this.served = null;
      return;
    }
    this.served = new Map();
    for (const name of LOOPBACK_NAMES) this.served.set(name, undefined);
    for (const entry of configured) {
      const parts = splitHost(entry);
      if (!parts) continue;
      if (parts.port === undefined || (this.served.has(parts.name) && this.served.get(parts.name) === undefined)) {
        this.served.set(parts.name, undefined);
      } else {
        const ports = this.served.get(parts.name) ?? new Set<string>();
        ports.add(parts.port);
        this.served.set(parts.name, ports);
      }
    }
  }

  /** Whether every name is served (no allow-list in effect). */
  get open(): boolean {
    return this.served === null;
  }

  /** Whether a `Host` value (`name[:port]`) names this service. */
  allows(hostValue: string): boolean {
    if (this.served === null) return true;
    const parts = splitHost(hostValue);
    if (!parts || !this.served.has(parts.name)) return false;
    const ports = this.served.get(parts.name);
    return ports === undefined || (parts.port !== undefined && ports.has(parts.port));
  }
}
