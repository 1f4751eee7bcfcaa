'use strict';
// Refuses every network connection that does not go to this machine (loopback), and every DNS lookup
// of a non-local name. Loaded with `node --require` (or jest's setupFiles) so that no test, benchmark
// or demo run can reach a real Microsoft endpoint, whatever a library decides to call.
const net = require('net');
const dns = require('dns');

const LOCAL_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '']);
function isLoopback(host) {
  if (host === undefined || host === null) return true; // net defaults to localhost
  const h = String(host).toLowerCase();
  return LOCAL_NAMES.has(h) || h.startsWith('127.') || h === '0:0:0:0:0:0:0:1' || h.endsWith('.localhost');
}

function refusal(host) {
  const err = new Error(`loopback guard: connection to non-loopback host "${host}" refused`);
  err.code = 'ELOOPBACKGUARD';
  return err;
}

if (!net.Socket.prototype.__loopbackGuard) {
  const originalConnect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(...args) {
    let opts = args[0];
    if (Array.isArray(opts)) opts = opts[0];
    let host;
    if (opts && typeof opts === 'object') host = opts.path ? 'localhost' : opts.host;
    else if (typeof opts === 'number' || /^\d+$/.test(String(opts))) host = typeof args[1] === 'string' ? args[1] : undefined;
    else if (typeof opts === 'string') host = 'localhost'; // unix socket path
    if (!isLoopback(host)) {
      const err = refusal(host);
      process.emitWarning(err.message);
      process.nextTick(() => this.destroy(err));
      return this;
    }
    return originalConnect.apply(this, args);
  };
  net.Socket.prototype.__loopbackGuard = true;

  const originalLookup = dns.lookup;
  dns.lookup = function guardedLookup(hostname, options, callback) {
    const cb = typeof options === 'function' ? options : callback;
    if (!isLoopback(hostname)) {
      process.nextTick(() => cb(refusal(hostname)));
      return {};
    }
    return originalLookup.call(this, hostname, options, callback);
  };
  const originalPromiseLookup = dns.promises.lookup;
  dns.promises.lookup = async function guardedPromiseLookup(hostname, options) {
    if (!isLoopback(hostname)) throw refusal(hostname);
    return originalPromiseLookup.call(this, hostname, options);
  };
}

module.exports = { isLoopback };
