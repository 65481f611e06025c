#pragma once

// Internal to the core: the Asio types that the server, its sessions and their timers share.

#include <chrono>

#include <boost/asio/basic_waitable_timer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/io_context_strand.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "core/peer.hpp"

namespace jamd::core {

/// What runs a session or a listener: any I/O thread, one handler at a time. Its state comes
/// from a fixed pool of Asio's, so a strand allocates nothing. The entries are dealt out in
/// turn (CMakeLists.txt): two strands share one, and take turns, only 1021 strands apart.
using Strand = boost::asio::io_context::strand;
using StrandTimer =
    boost::asio::basic_waitable_timer<std::chrono::steady_clock,
                                      boost::asio::wait_traits<std::chrono::steady_clock>, Strand>;

/// A client's socket, bound to a strand of its own: lighter than the type-erased executor of
/// tcp::socket, in every operation and in every idle session.
using Socket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, Strand>;

/// `endpoint` as a Peer, an IPv4 address of any form held v4-mapped.
inline Peer to_peer(const boost::asio::ip::tcp::endpoint& endpoint) {
  const auto address = endpoint.address();
  const auto v6 = address.is_v4() ? boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped,
                                                                     address.to_v4())
                                  : address.to_v6();
  return Peer{v6.to_bytes(), endpoint.port()};
}

}  // namespace jamd::core
