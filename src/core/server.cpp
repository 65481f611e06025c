#include "core/server.hpp"

#include <array>
#include <stdexcept>

#include <spdlog/spdlog.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/log_limiter.hpp"
#include "core/replies.hpp"
#include "core/session.hpp"
#include "core/worker.hpp"

namespace jamd::core {
namespace {

using boost::asio::ip::tcp;
using boost::system::error_code;

// How long accepting pauses when the process is out of descriptors or memory (trap 6 of
// STYLE.md): re-arming at once would spin a core, not re-arming would stop accepting forever.
constexpr auto kAcceptBackoff = std::chrono::milliseconds(200);

bool out_of_resources(const error_code& error) {
  return error == boost::asio::error::no_descriptors || error.value() == ENFILE ||
         error == boost::asio::error::no_buffer_space || error.value() == ENOMEM;
}

tcp::acceptor open_acceptor(boost::asio::io_context& io, const std::string& host,
                            std::uint16_t port) {
  error_code error;
  const auto address = boost::asio::ip::make_address(host, error);
  if (error) throw std::runtime_error("bind address '" + host + "' is not an IP address");
  const tcp::endpoint endpoint(address, port);
  tcp::acceptor acceptor(io);
  acceptor.open(endpoint.protocol(), error);
  if (error == boost::asio::error::address_family_not_supported && host == "::") {
    spdlog::warn("IPv6 is not available here: listening on IPv4 only");
    return open_acceptor(io, "0.0.0.0", port);
  }
  if (!error) acceptor.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error && address.is_v6()) acceptor.set_option(boost::asio::ip::v6_only(false), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(boost::asio::socket_base::max_listen_connections, error);
  if (error) {
    throw std::runtime_error("cannot listen on " + to_string(endpoint) + ": " + error.message());
  }
  return acceptor;
}

}  // namespace

/// One listening socket. It lives on one worker; accepted clients go to all in turn.
struct Listener {
  Listener(tcp::acceptor acceptor_, Worker& home_)
      : acceptor(std::move(acceptor_)), home(home_), backoff(home_.io()) {}
  tcp::acceptor acceptor;
  Worker& home;
  boost::asio::steady_timer backoff;
  tcp::endpoint peer;  // filled by the accept in flight: no getpeername per client
};

struct Server::Impl {
  std::atomic<std::size_t> open_sessions{0};
  std::vector<std::unique_ptr<Worker>> workers;  // before listeners, so destroyed after them
  std::vector<std::unique_ptr<Listener>> listeners;
  std::atomic<std::size_t> next_worker{0};
  LogLimiter accept_log;
  LogLimiter reject_log;
  bool started = false;
  bool stopped = false;

  void accept(Listener& listener);
  void on_accept(Listener& listener, Worker& target, error_code error, Socket socket);
  void admit(const Listener& listener, Worker& target, Socket socket);
  void refuse(Socket socket, const tcp::endpoint& peer, std::size_t limit);
};

void Server::Impl::accept(Listener& listener) {
  Worker& target = *workers[next_worker.fetch_add(1, std::memory_order_relaxed) % workers.size()];
  listener.acceptor.async_accept(target.io(), listener.peer,
                                 [this, &listener, &target](error_code error, Socket socket) {
                                   on_accept(listener, target, error, std::move(socket));
                                 });
}

void Server::Impl::on_accept(Listener& listener, Worker& target, error_code error, Socket socket) {
  if (!listener.acceptor.is_open()) return;  // closed by stop()
  if (out_of_resources(error)) {
    accept_log.warn("accept failed: {}; pausing accepts for {} ms", error.message(),
                    kAcceptBackoff.count());
    listener.backoff.expires_after(kAcceptBackoff);
    listener.backoff.async_wait([this, &listener](error_code e) {
      if (!e) accept(listener);
    });
    return;
  }
  if (error) {
    accept_log.warn("accept failed: {}", error.message());
  } else {
    admit(listener, target, std::move(socket));
  }
  accept(listener);
}

void Server::Impl::admit(const Listener& listener, Worker& target, Socket socket) {
  const std::size_t limit = listener.home.runtime().limits.max_connections;
  if (open_sessions.fetch_add(1, std::memory_order_relaxed) >= limit) {
    open_sessions.fetch_sub(1, std::memory_order_relaxed);
    return refuse(std::move(socket), listener.peer, limit);
  }
  boost::asio::post(target.io(),
                    [&target, socket = std::move(socket), peer = listener.peer]() mutable {
                      auto session = std::make_shared<Session>(std::move(socket), peer, target);
                      if (!target.draining()) session->start();
                    });
}

void Server::Impl::refuse(Socket socket, const tcp::endpoint& peer, std::size_t limit) {
  reject_log.warn("refused {}: {} connections are open", to_string(peer), limit);
  // A fresh socket's send buffer has room for one line: no need to wait. What the client sent
  // already (telnet negotiates at once) is read first: closing with unread input would reset
  // the connection and could destroy the reply.
  std::string reply;
  replies::too_many_connections(reply);
  error_code ignored;
  socket.non_blocking(true, ignored);
  socket.send(boost::asio::buffer(reply), 0, ignored);
  socket.shutdown(tcp::socket::shutdown_send, ignored);
  std::array<char, 512> discard;
  socket.receive(boost::asio::buffer(discard), 0, ignored);
}  // the socket closes here

Server::Server(const Listen& listen, std::shared_ptr<const Runtime> runtime)
    : impl_(std::make_unique<Impl>()) {
  const unsigned threads = std::max(1u, listen.threads);
  for (unsigned i = 0; i < threads; ++i) {
    impl_->workers.push_back(std::make_unique<Worker>(
        runtime, impl_->open_sessions, std::chrono::microseconds(listen.busy_poll_us)));
  }
  std::uint16_t port = listen.port;
  for (const std::string& host : listen.addresses) {
    Worker& home = *impl_->workers[impl_->listeners.size() % threads];
    auto acceptor = open_acceptor(home.io(), host, port);
    port = acceptor.local_endpoint().port();  // with port 0, every address gets the same port
    impl_->listeners.push_back(std::make_unique<Listener>(std::move(acceptor), home));
  }
}

Server::~Server() {
  stop();
}

std::vector<std::string> Server::endpoints() const {
  std::vector<std::string> result;
  for (const auto& listener : impl_->listeners) {
    result.push_back(to_string(listener->acceptor.local_endpoint()));
  }
  return result;
}

std::uint16_t Server::port() const {
  return impl_->listeners.empty() ? 0 : impl_->listeners.front()->acceptor.local_endpoint().port();
}

std::size_t Server::sessions() const {
  return impl_->open_sessions.load();
}

void Server::start() {
  impl_->started = true;
  for (const auto& listener : impl_->listeners) impl_->accept(*listener);
  for (const auto& worker : impl_->workers) worker->start();
}

void Server::update(std::shared_ptr<const Runtime> runtime) {
  for (const auto& worker : impl_->workers) worker->update(runtime);
}

void Server::stop() {
  if (!impl_->started || impl_->stopped) return;
  impl_->stopped = true;
  for (const auto& listener : impl_->listeners) {
    boost::asio::post(listener->home.io(), [&l = *listener] {
      error_code ignored;
      l.acceptor.close(ignored);
      l.backoff.cancel();
    });
  }
  for (const auto& worker : impl_->workers) worker->drain();
  for (const auto& worker : impl_->workers) worker->join();
}

}  // namespace jamd::core
