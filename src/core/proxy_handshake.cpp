#include "core/proxy_handshake.hpp"

#include <array>
#include <memory>

#include <fmt/format.h>
#include <boost/asio/post.hpp>

#include "core/proxy_header.hpp"

namespace jamd::core {
namespace {

using boost::system::error_code;

/// Where the header is read to: a v1 header fits at once, a v2 header with TLVs comes in a
/// few reads.
using Buffer = std::array<char, 512>;

/// One header being read from one connection, which is closed when the header is bad.
struct Reading {
  Socket socket;
  Peer proxy;
  SessionHost& host;
  Proxied proxied;
  SessionList::Arrival arrival;  // a stop waits for the header as for a session
  ProxyHeaderParser parser;

  void fail(std::string_view why) {
    host.foreign_log.warn(log::proxy_header_refused, "closed {}: {}", proxy.to_string(), why);
    host.tally.close(Closing::proxy_header);
    error_code ignored;
    socket.close(ignored);
  }

  /// Reads what the socket holds now, without waiting; true when the handshake is over: the
  /// client handed on, or the connection closed.
  bool read_now(Buffer& buffer) {
    error_code error;
    const std::size_t n = socket.read_some(boost::asio::buffer(buffer), error);
    if (error == boost::asio::error::would_block) return false;
    if (error) {
      // A proxy that closes before sending anything (a plain TCP health check) is no error.
      if (parser.consumed() == 0) {
        socket.close(error);
      } else {
        fail("the connection ended inside the PROXY header");
      }
      return true;
    }
    std::string_view input(buffer.data(), n);
    switch (parser.feed(input)) {
      case ProxyHeaderParser::Status::need_more:
        return false;
      case ProxyHeaderParser::Status::error:
        fail(fmt::format("bad PROXY header ({})", parser.error()));
        return true;
      case ProxyHeaderParser::Status::done:
        break;
    }
    const Peer client = parser.local() ? proxy : parser.source();
    proxied(std::move(socket), client, input);
    return true;
  }
};

/// A connection whose header has not all come yet: it waits for the rest on the socket's
/// strand, with a timer, and the last handler to end frees it.
class Waiting : public std::enable_shared_from_this<Waiting> {
 public:
  explicit Waiting(Reading reading)
      : reading_(std::move(reading)), timer_(reading_.socket.get_executor()) {}

  Socket::executor_type executor() { return reading_.socket.get_executor(); }

  void start(double timeout_s) {
    timer_.expires_after(std::chrono::duration_cast<StrandTimer::duration>(
        std::chrono::duration<double>(timeout_s)));
    timer_.async_wait([self = shared_from_this(), timeout_s](error_code error) {
      if (error || !self->reading_.socket.is_open()) return;  // over in time
      self->reading_.fail(fmt::format("no PROXY header within {} s", timeout_s));
    });
    wait();
  }

 private:
  void wait() {
    // A failed wait shows in the read after it.
    reading_.socket.async_wait(Socket::wait_read, [self = shared_from_this()](error_code) {
      if (!self->reading_.socket.is_open()) return;  // timed out
      if (!self->reading_.read_now(self->buffer_)) return self->wait();
      self->timer_.cancel();
    });
  }

  Reading reading_;
  StrandTimer timer_;
  Buffer buffer_;
};

}  // namespace

void read_proxy_header(Socket socket, const Peer& proxy, double timeout_s, SessionHost& host,
                       Proxied proxied) {
  error_code ignored;
  socket.non_blocking(true, ignored);
  Reading reading{
      std::move(socket), proxy, host, std::move(proxied), SessionList::Arrival(host.list), {}};
  // A proxy sends its header as it connects: it is most often all there at accept, and the
  // client is handed on without a timer, a wait or an allocation.
  Buffer buffer;
  if (reading.read_now(buffer)) return;
  auto waiting = std::make_shared<Waiting>(std::move(reading));
  boost::asio::post(waiting->executor(), [waiting, timeout_s] { waiting->start(timeout_s); });
}

}  // namespace jamd::core
