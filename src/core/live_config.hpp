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

/// Everything a reload may change, swapped in as one immutable value.
struct LiveConfig {
  Limits limits;
  std::shared_ptr<const Dispatcher> dispatcher;
  AddressRules access;  ///< decided at accept, and for open sessions after a reload
  ProxyProtocol proxy;  ///< decided at accept
};

}  // namespace jamd::core
