#pragma once

// Internal to the core: how a connection that is not served ends. The acceptor refuses at
// accept (access denied, too many connections), the PROXY handshake refuses from behind a
// proxy; both close alike.

#include <atomic>
#include <cstddef>
#include <string_view>

#include "core/asio_types.hpp"

namespace jamd::core {

/// Sends `line` (one whole reply line, or nothing) to a client that will not be served,
/// shuts the write side and discards what the client sends until it closes, for at most a
/// second: closing with unread input would make the kernel reset the connection, which can
/// destroy the line before the client reads it (telnet sends its negotiation at once). At most
/// `kMaxLingering` refused connections linger at once, counted in `lingering`, so that a flood
/// of them holds a bounded number of descriptors; past that, a refusal reads what has come
/// and closes at once.
void refuse(Socket socket, std::string_view line, std::atomic<std::size_t>& lingering);

/// Refused connections that may linger at once.
inline constexpr std::size_t kMaxLingering = 256;

}  // namespace jamd::core
