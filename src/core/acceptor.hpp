#pragma once

// Internal to the core: one listening socket and its accept loop. The server opens one per
// bound address, or adopts one per socket it is handed; each admits its clients through the
// session list.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>

#include "core/asio_types.hpp"
#include "core/session.hpp"

namespace jamd::core {

/// Accepts clients on one address, gives each admitted client a session on a strand of its
/// own, and writes the refusal to one that may not be served: one the access rules deny, one
/// past max_connections or past its client's limits. Out of descriptors, it pauses on a
/// timer instead of spinning or giving up.
class Acceptor {
 public:
  /// Listens on `host`:`port`; throws std::runtime_error naming the address that failed.
  Acceptor(boost::asio::io_context& io, const std::string& host, std::uint16_t port,
           SessionHost& sessions);
  /// Takes over `descriptor`, a socket already listening (socket activation); throws
  /// std::runtime_error naming the descriptor when it is no listening TCP socket.
  Acceptor(boost::asio::io_context& io, int descriptor, SessionHost& sessions);

  /// The bound address and port.
  boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  /// Starts accepting.
  void start();
  /// Stops accepting, once it has admitted the clients already waiting in the listen queue
  /// (the kernel would reset them: they connected before the stop), and then calls `closed`
  /// on the acceptor's strand. Thread-safe.
  void close(std::function<void()> closed = {});

 private:
  void accept();
  /// Stops accepting for a while, out of descriptors; accept() resumes.
  void pause();
  /// Counts the time the pause that is ending took.
  void end_pause();
  void on_accept(boost::system::error_code error, Socket socket);
  /// Accepts and admits, without waiting, what the listen queue holds.
  void admit_queue();
  /// Admits the client at `endpoint` just accepted, once its PROXY header is read if it comes
  /// through a trusted proxy.
  void admit(Socket socket, const boost::asio::ip::tcp::endpoint& endpoint);
  /// Admits the client at `peer` unless it may not be served, with the bytes it sent first.
  /// Thread-safe: a PROXY handshake calls it from the socket's strand.
  void admit(Socket socket, const Peer& peer, std::string_view first);
  /// Counts the refusal for `reason` and closes the client with the one line `reply` writes
  /// (refusal.hpp).
  void refuse(Socket socket, Refusal reason, void (*reply)(std::string&));

  boost::asio::io_context& io_;
  boost::asio::basic_socket_acceptor<boost::asio::ip::tcp, Strand> acceptor_;
  StrandTimer backoff_;
  std::chrono::steady_clock::time_point paused_at_{};  // when the pause in progress began
  boost::asio::ip::tcp::endpoint peer_;  // filled by the accept in flight: no getpeername
  SessionHost& sessions_;
};

}  // namespace jamd::core
