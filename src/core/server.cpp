#include "core/server.hpp"

#include <array>
#include <optional>
#include <stdexcept>
#include <thread>

#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>

#include "core/hub.hpp"
#include "core/log_limiter.hpp"
#include "core/replies.hpp"
#include "core/session.hpp"

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

using Acceptor = boost::asio::basic_socket_acceptor<tcp, Strand>;

Acceptor open_acceptor(boost::asio::io_context& io, const std::string& host, std::uint16_t port) {
  error_code error;
  const auto address = boost::asio::ip::make_address(host, error);
  if (error) throw std::runtime_error("bind address '" + host + "' is not an IP address");
  const tcp::endpoint endpoint(address, port);
  Acceptor acceptor{Strand(io)};
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

/// One listening socket, on a strand of its own: stop() closes it from another thread.
struct Listener {
  explicit Listener(Acceptor acceptor_)
      : acceptor(std::move(acceptor_)), backoff(acceptor.get_executor()) {}
  Acceptor acceptor;
  StrandTimer backoff;
  tcp::endpoint peer;  // filled by the accept in flight: no getpeername per client
};

struct Server::Impl {
  explicit Impl(const Listen& listen, std::shared_ptr<const Runtime> runtime)
      : threads(std::max(1u, listen.threads)),
        busy_poll(listen.busy_poll_us),
        io(static_cast<int>(threads)),
        hub(io, std::move(runtime), open_sessions) {}

  const unsigned threads;
  const std::chrono::microseconds busy_poll;
  std::atomic<std::size_t> open_sessions{0};
  boost::asio::io_context io;  // before the hub and the listeners, so destroyed after them
  Hub hub;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard{
      io.get_executor()};
  std::vector<std::unique_ptr<Listener>> listeners;
  std::vector<std::thread> io_threads;
  LogLimiter accept_log;
  LogLimiter reject_log;
  bool started = false;
  bool stopped = false;

  void run();
  void serve();
  void accept(Listener& listener);
  void on_accept(Listener& listener, error_code error, Socket socket);
  void admit(const Listener& listener, Socket socket);
  void refuse(Socket socket, const tcp::endpoint& peer, std::size_t limit);
};

void Server::Impl::run() {
  for (;;) {
    try {
      serve();
      return;
    } catch (const std::exception& e) {
      // A handler must never end the thread: log, and go on serving the other sessions.
      spdlog::error("unexpected error on an I/O thread: {}", e.what());
    }
  }
}

void Server::Impl::serve() {
  if (busy_poll.count() == 0) return static_cast<void>(io.run());
  // A thread that sleeps as soon as it is idle must be woken for the next request, and on a
  // virtual machine that wake-up costs the sender more than the request costs jamd. Polling
  // a little longer catches the next request awake.
  using Clock = std::chrono::steady_clock;
  auto last_work = Clock::now();
  while (!io.stopped()) {
    if (io.poll() > 0) {
      last_work = Clock::now();
    } else if (Clock::now() - last_work >= busy_poll) {
      io.run_one();  // sleeps until there is work
      last_work = Clock::now();
    }
  }
}

void Server::Impl::accept(Listener& listener) {
  // Each client gets a strand of its own; any I/O thread may run it.
  listener.acceptor.async_accept(Strand(io), listener.peer,
                                 [this, &listener](error_code error, Socket socket) {
                                   on_accept(listener, error, std::move(socket));
                                 });
}

void Server::Impl::on_accept(Listener& listener, error_code error, Socket socket) {
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
    admit(listener, std::move(socket));
  }
  accept(listener);
}

void Server::Impl::admit(const Listener& listener, Socket socket) {
  const std::size_t limit = hub.runtime().limits.max_connections;
  if (open_sessions.fetch_add(1, std::memory_order_relaxed) >= limit) {
    open_sessions.fetch_sub(1, std::memory_order_relaxed);
    return refuse(std::move(socket), listener.peer, limit);
  }
  if (auto session = hub.open(std::move(socket), listener.peer)) {
    boost::asio::dispatch(session->executor(), [session] { session->start(); });
  }
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
    : impl_(std::make_unique<Impl>(listen, std::move(runtime))) {
  std::uint16_t port = listen.port;
  for (const std::string& host : listen.addresses) {
    auto acceptor = open_acceptor(impl_->io, host, port);
    port = acceptor.local_endpoint().port();  // with port 0, every address gets the same port
    impl_->listeners.push_back(std::make_unique<Listener>(std::move(acceptor)));
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
  impl_->hub.start();
  for (const auto& listener : impl_->listeners) {
    boost::asio::post(listener->acceptor.get_executor(),
                      [this, &l = *listener] { impl_->accept(l); });
  }
  for (unsigned i = 0; i < impl_->threads; ++i) {
    impl_->io_threads.emplace_back([this] { impl_->run(); });
  }
}

void Server::update(std::shared_ptr<const Runtime> runtime) {
  impl_->hub.update(std::move(runtime));
}

void Server::stop() {
  if (!impl_->started || impl_->stopped) return;
  impl_->stopped = true;
  for (const auto& listener : impl_->listeners) {
    boost::asio::post(listener->acceptor.get_executor(), [&l = *listener] {
      error_code ignored;
      l.acceptor.close(ignored);
      l.backoff.cancel();
    });
  }
  impl_->hub.drain();
  impl_->guard.reset();  // the threads end once the sessions and timers are gone
  for (auto& thread : impl_->io_threads) thread.join();
}

}  // namespace jamd::core
