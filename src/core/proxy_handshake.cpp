#include "core/proxy_handshake.hpp"

#include <array>
#include <memory>

#include <fmt/format.h>

#include <boost/asio/post.hpp>

#include "core/proxy_header.hpp"

namespace jamd::core {
namespace {

using boost::system::error_code;

/// One connection waiting for its header: it, its timer and its read share the socket's
/// strand, and the last handler to end frees it.
class Handshake : public std::enable_shared_from_this<Handshake> {
 public:
  Handshake(Socket socket, const Peer& proxy, SessionHost& host, Proxied proxied)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        proxy_(proxy),
        host_(host),
        proxied_(std::move(proxied)) {}

  Socket::executor_type executor() { return socket_.get_executor(); }

  void start(double timeout_s) {
    timer_.expires_after(std::chrono::duration_cast<StrandTimer::duration>(
        std::chrono::duration<double>(timeout_s)));
    timer_.async_wait([self = shared_from_this(), timeout_s](error_code error) {
      if (error || !self->socket_.is_open()) return;  // done in time
      self->fail(fmt::format("no PROXY header within {} s", timeout_s));
    });
    read();
  }

 private:
  void read() {
    socket_.async_read_some(
        boost::asio::buffer(buffer_),
        [self = shared_from_this()](error_code error, std::size_t n) { self->on_read(error, n); });
  }

  void on_read(error_code error, std::size_t n) {
    if (!socket_.is_open()) return;  // timed out
    if (error) {
      // A proxy that closes before sending anything (a plain TCP health check) is no error.
      if (parser_.consumed() == 0) return close();
      return fail("the connection ended inside the PROXY header");
    }
    std::string_view input(buffer_.data(), n);
    switch (parser_.feed(input)) {
      case ProxyHeaderParser::Status::need_more:
        return read();
      case ProxyHeaderParser::Status::error:
        return fail("bad PROXY header (" + std::string(parser_.error()) + ")");
      case ProxyHeaderParser::Status::done:
        break;
    }
    timer_.cancel();
    const Peer client = parser_.local() ? proxy_ : parser_.source();
    proxied_(std::move(socket_), client, input);
  }

  void fail(const std::string& why) {
    host_.foreign_log.warn("closed {}: {}", proxy_.to_string(), why);
    Tally::add(host_.tally.proxy_header);
    close();
  }

  void close() {
    error_code ignored;
    socket_.close(ignored);
    timer_.cancel();
  }

  Socket socket_;
  StrandTimer timer_;
  Peer proxy_;
  SessionHost& host_;
  Proxied proxied_;
  ProxyHeaderParser parser_;
  // A v1 header fits at once; a v2 header with TLVs comes in a few reads.
  std::array<char, 512> buffer_;
};

}  // namespace

void read_proxy_header(Socket socket, const Peer& proxy, double timeout_s, SessionHost& host,
                       Proxied proxied) {
  auto handshake = std::make_shared<Handshake>(std::move(socket), proxy, host, std::move(proxied));
  boost::asio::post(handshake->executor(), [handshake, timeout_s] { handshake->start(timeout_s); });
}

}  // namespace jamd::core
