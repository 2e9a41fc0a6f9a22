import fp from 'fastify-plugin';
import { MisdirectedRequest } from '../errors.js';
import { HostPolicy } from '../lib/host-policy.js';

/**
 * Serves only the host names this deployment answers to (src/lib/host-policy.ts): the Host
 * header, and the name a trusted proxy forwarded, must both be one of them, so a DNS-rebinding
 * page that reaches a loopback bind under its own name is refused with 421.
 */
export default fp(
  async (app) => {
    const hosts = new HostPolicy(app.config);
    // The session routes' Origin check asks the same policy which hosts are this deployment's.
    app.decorate('hostPolicy', hosts);
    if (hosts.open) return;
    app.addHook('onRequest', (request, _reply, done) => {
      // HTTP/1.0 may come without a Host: it names no other server, so it is not refused.
      const raw = request.headers.host ?? '';
      const forwarded = (request.host as string | undefined) ?? '';
      if (raw !== '' && !hosts.allows(raw)) return done(MisdirectedRequest(raw));
      if (forwarded !== raw && forwarded !== '' && !hosts.allows(forwarded)) return done(MisdirectedRequest(forwarded));
      done();
    });
  },
  { name: 'host-policy' },
);
