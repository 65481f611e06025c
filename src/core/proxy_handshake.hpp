#pragma once

// Internal to the core: the first bytes of a connection from a trusted proxy, which carry the
// real client's address. The acceptor starts one for each such connection; once the header is
// read, the client is admitted as if it had connected itself.

#include <functional>
#include <string>
#include <string_view>

#include "core/asio_types.hpp"
#include "core/peer.hpp"
#include "core/session.hpp"

namespace jamd::core {

/// What a handshake hands on: the socket, the client's address (the proxy's own for a LOCAL
/// header), and the bytes that came after the header, which are the client's first.
using Proxied = std::function<void(Socket socket, const Peer& client, std::string_view first)>;

/// Reads the PROXY header (v1 or v2, proxy_header.hpp) that the connection `socket` from the
/// proxy at `proxy` must begin with, then calls `proxied`: before it returns when the header
/// has all come already (the common case), else on the socket's strand once it has, for at
/// most `timeout_s`. A header that is malformed, too long, late, or cut short by the proxy
/// closes the connection with a rate-limited warning, counted as closed for
/// Closing::proxy_header. A drain of `host`'s sessions waits for the handshake to end.
void read_proxy_header(Socket socket, const Peer& proxy, double timeout_s, SessionHost& host,
                       Proxied proxied);

}  // namespace jamd::core
