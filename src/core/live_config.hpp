#pragma once

// What a reload may change while sessions stay open. src/app builds one from the config and
// hands it to Server, at start and on every reload.

#include <memory>

#include "core/address_rules.hpp"
#include "core/dispatcher.hpp"
#include "core/limits.hpp"

namespace jamd::core {

/// Everything a reload may change, swapped in as one immutable value.
struct LiveConfig {
  Limits limits;
  std::shared_ptr<const Dispatcher> dispatcher;
  AddressRules access;  ///< decided at accept: a reload applies to new connections only
};

}  // namespace jamd::core
