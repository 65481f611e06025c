#pragma once

// Socket activation: the listening sockets a service manager passed, matched by name with the
// config. A socket named "jamd" takes the place of "bind" and "port" (there may be several,
// IPv4 and IPv6); one named "admin" the place of "admin.listen". Pure: the sockets come from
// systemd::take_passed_sockets().

#include <string>
#include <vector>

#include "app/config.hpp"
#include "app/systemd.hpp"

namespace jamd::app {

/// The passed sockets jamd serves on, instead of binding its own.
struct AdoptedSockets {
  std::vector<systemd::PassedSocket> main;   ///< named "jamd": the public port
  std::vector<systemd::PassedSocket> admin;  ///< named "admin": none or one

  bool empty() const { return main.empty() && admin.empty(); }
  /// The descriptors of `main`, in order.
  std::vector<int> main_descriptors() const;
  /// The descriptor of the admin socket, or -1 without one.
  int admin_descriptor() const { return admin.empty() ? -1 : admin.front().descriptor; }
};

/// Sorts `passed` by name; empty when nothing was passed. Throws std::runtime_error naming
/// both sides when the sockets and the config disagree: a name other than "jamd" and "admin",
/// no "jamd" socket, two "admin" sockets, an "admin" socket while `admin` has no listener
/// (admin.listen ""), or none while it has one.
AdoptedSockets adopt_sockets(const std::vector<systemd::PassedSocket>& passed,
                             const AdminSettings& admin);

}  // namespace jamd::app
