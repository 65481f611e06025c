#include "core/refusal.hpp"

#include <array>
#include <memory>

#include <boost/asio/post.hpp>

namespace jamd::core {
namespace {

using boost::asio::ip::tcp;
using boost::system::error_code;

constexpr auto kRefusalLinger = std::chrono::seconds(1);

/// Reads whatever has arrived and drops it; true when the client has closed (or failed).
bool discard(Socket& socket) {
  std::array<char, 512> sink;
  error_code error;
  for (int i = 0; i < 4 && !error; ++i) socket.read_some(boost::asio::buffer(sink), error);
  return error && error != boost::asio::error::would_block;
}

/// A refused connection waiting for its client to close: it and its timer share the socket's
/// strand, and the last handler to end frees it.
class Lingering : public std::enable_shared_from_this<Lingering> {
 public:
  Lingering(Socket socket, std::atomic<std::size_t>& count)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), count_(count) {}
  ~Lingering() { count_.fetch_sub(1, std::memory_order_relaxed); }

  Socket::executor_type executor() { return socket_.get_executor(); }

  void start() {
    timer_.expires_after(kRefusalLinger);
    timer_.async_wait([self = shared_from_this()](error_code error) {
      if (!error) self->close();
    });
    wait();
  }

 private:
  void wait() {
    socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](error_code error) {
      if (error || discard(self->socket_)) return self->close();
      self->wait();
    });
  }
  void close() {
    error_code ignored;
    socket_.close(ignored);
    timer_.cancel();
  }

  Socket socket_;
  StrandTimer timer_;
  std::atomic<std::size_t>& count_;
};

}  // namespace

void refuse(Socket socket, std::string_view line, std::atomic<std::size_t>& lingering) {
  // A fresh socket's send buffer has room for one line: no need to wait.
  error_code ignored;
  socket.non_blocking(true, ignored);
  if (!line.empty()) socket.send(boost::asio::buffer(line.data(), line.size()), 0, ignored);
  socket.shutdown(tcp::socket::shutdown_send, ignored);
  if (discard(socket)) return;  // the client has closed already
  if (lingering.fetch_add(1, std::memory_order_relaxed) >= kMaxLingering) {
    lingering.fetch_sub(1, std::memory_order_relaxed);
    return;  // too many linger already: close now
  }
  // Started on the socket's strand, where its handlers run.
  auto waiting = std::make_shared<Lingering>(std::move(socket), lingering);
  boost::asio::post(waiting->executor(), [waiting] { waiting->start(); });
}

}  // namespace jamd::core
