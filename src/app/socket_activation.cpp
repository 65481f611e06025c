#include "app/socket_activation.hpp"

#include <stdexcept>

namespace jamd::app {
namespace {

constexpr const char* kMainName = "jamd";
constexpr const char* kAdminName = "admin";

/// "3 'jamd', 4 'admin'": what was passed, for a message that names both sides.
std::string listing(const std::vector<systemd::PassedSocket>& passed) {
  std::string text;
  for (const auto& socket : passed) {
    if (!text.empty()) text += ", ";
    text += std::to_string(socket.descriptor) + " '" + socket.name + "'";
  }
  return text;
}

[[noreturn]] void refuse(const std::string& problem,
                         const std::vector<systemd::PassedSocket>& passed) {
  throw std::runtime_error("socket activation: " + problem + " (sockets passed: " +
                           listing(passed) + "; FileDescriptorName= names them)");
}

}  // namespace

std::vector<int> AdoptedSockets::main_descriptors() const {
  std::vector<int> descriptors;
  for (const auto& socket : main) descriptors.push_back(socket.descriptor);
  return descriptors;
}

AdoptedSockets adopt_sockets(const std::vector<systemd::PassedSocket>& passed,
                             const AdminSettings& admin) {
  AdoptedSockets adopted;
  for (const auto& socket : passed) {
    if (socket.name == kMainName) {
      adopted.main.push_back(socket);
    } else if (socket.name == kAdminName) {
      adopted.admin.push_back(socket);
    } else {
      refuse("socket " + std::to_string(socket.descriptor) + " is named '" + socket.name +
                 "', but jamd serves only sockets named 'jamd' (its port) and 'admin' (its "
                 "admin listener)",
             passed);
    }
  }
  if (passed.empty()) return adopted;
  if (adopted.main.empty()) {
    refuse(
        "no socket is named 'jamd', but jamd needs one for its port (in place of bind and "
        "port)",
        passed);
  }
  if (adopted.admin.size() > 1) {
    refuse("two sockets are named 'admin', but jamd has one admin listener", passed);
  }
  const std::string listen = "admin.listen is \"" + admin.listen + "\"";
  if (!adopted.admin.empty() && admin.address.empty()) {
    refuse("socket " + std::to_string(adopted.admin_descriptor()) +
               " is named 'admin', but the config has no admin listener (" + listen + ")",
           passed);
  }
  if (adopted.admin.empty() && !admin.address.empty()) {
    refuse("the config has an admin listener (" + listen + "), but no socket is named 'admin'",
           passed);
  }
  return adopted;
}

}  // namespace jamd::app
