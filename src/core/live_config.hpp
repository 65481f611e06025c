#pragma once

// What a reload may change while sessions stay open. src/app builds one from the config and
// hands it to Server, at start and on every reload.

#include <algorithm>
#include <memory>
#include <vector>

#include "core/address_rules.hpp"
#include "core/dispatcher.hpp"
#include "core/limits.hpp"

namespace jamd::core {

/// Which connections come through a proxy that sends the PROXY protocol header first.
struct ProxyProtocol {
  std::vector<Prefix> trusted;  ///< the proxies' addresses; none: no connection is proxied
  double timeout_s = 3;         ///< how long a trusted connection may take to send its header

  /// True when a connection from `peer` must begin with a PROXY header.
  bool trusts(const Peer& peer) const {
    return std::any_of(trusted.begin(), trusted.end(),
                       [&peer](const Prefix& p) { return p.contains(peer); });
  }
  bool operator==(const ProxyProtocol&) const = default;
};

/// What the admin listener serves, beside the limits it shares with the public port.
struct AdminConfig {
  /// The public port's commands and the admin port's own; nullptr: the public dispatcher.
  std::shared_ptr<const Dispatcher> dispatcher;
  std::size_t max_connections = 16;  ///< admin sessions open at once, outside limits'
};

/// Everything a reload may change, swapped in as one immutable value.
struct LiveConfig {
  Limits limits;
  std::shared_ptr<const Dispatcher> dispatcher;
  AddressRules access;  ///< decided at accept, and for open sessions after a reload
  ProxyProtocol proxy;  ///< decided at accept, on the public port only
  AdminConfig admin;

  /// The dispatcher of the sessions of `listener`.
  const Dispatcher& dispatcher_for(Listener listener) const {
    return listener == Listener::admin && admin.dispatcher ? *admin.dispatcher : *dispatcher;
  }
  /// The limits of the sessions of `listener`: the admin port has its own connection cap and
  /// no per-client limits, so that a client filling the public port never keeps an
  /// operator out, and lines of at least kAdminLineBytes (max_line_bytes_for()).
  Limits limits_for(Listener listener) const {
    if (listener == Listener::main) return limits;
    Limits admin_limits = limits;
    admin_limits.max_connections = admin.max_connections;
    admin_limits.max_connections_per_client = 0;
    admin_limits.new_connections_per_client_per_s = 0;
    admin_limits.max_line_bytes = max_line_bytes_for(listener);
    return admin_limits;
  }
  /// The longest line a session of `listener` reads: an HTTP request line or a STATS of one
  /// series must fit on the admin port, however short the public port's lines are.
  std::size_t max_line_bytes_for(Listener listener) const {
    return listener == Listener::main ? limits.max_line_bytes
                                      : std::max(limits.max_line_bytes, kAdminLineBytes);
  }
  /// The shortest longest line of the admin port.
  static constexpr std::size_t kAdminLineBytes = 1024;
};

}  // namespace jamd::core
