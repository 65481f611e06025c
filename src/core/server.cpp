#include "core/server.hpp"

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "core/acceptor.hpp"
#include "core/deadlines.hpp"
#include "core/live_config_slot.hpp"
#include "core/replies.hpp"
#include "core/session.hpp"
#include "core/session_list.hpp"
#include "core/thread_counters.hpp"
#include "core/ticker.hpp"
#include "log/log.hpp"

namespace jamd::core {
namespace {

HttpResponse not_found(std::string_view) {
  return {.status = 404, .body = std::string(replies::kHttpNotFound)};
}

/// Closes every acceptor, and then calls `then` once, from the strand of the last to close.
void close_all(const std::vector<std::unique_ptr<Acceptor>>& acceptors,
               std::function<void()> then) {
  if (acceptors.empty()) return then();
  auto left = std::make_shared<std::atomic<std::size_t>>(acceptors.size());
  for (const auto& acceptor : acceptors) {
    acceptor->close([left, then] {
      if (left->fetch_sub(1) == 1) then();
    });
  }
}

}  // namespace

// Members in the order they depend on each other: destroyed in reverse, so the io_context
// goes last, and the config slot after every session and timer that reads it.
struct Server::Impl {
  Impl(const Threads& threads, std::shared_ptr<const LiveConfig> first, HttpHandler http)
      : threads(threads),
        io(static_cast<int>(threads.count)),
        config(std::move(first)),
        counters(std::make_unique<ThreadCounters[]>(threads.count)),
        http(std::move(http)) {}

  /// An I/O thread: runs handlers until the io_context runs out of work.
  void run();
  /// One pass of run(); an exception from a handler ends it.
  void run_handlers();

  const Threads threads;
  boost::asio::io_context io;
  LiveConfigSlot config;
  SessionList sessions;
  Tally tally;
  std::unique_ptr<ThreadCounters[]> counters;  // one block per I/O thread
  SessionHost host{.config = config, .list = sessions, .tally = tally, .listener = Listener::main};
  Deadlines deadlines{io, sessions, config};
  Strand tick_strand{io};  // one for every Ticker: never two periodic tasks at once
  std::vector<std::unique_ptr<Ticker>> tickers;  // one per period
  std::vector<std::unique_ptr<Acceptor>> acceptors;
  // The admin listener: sessions, counts and deadlines of its own, so that a full public
  // port never keeps an operator out, and the public port's drain leaves it serving.
  const HttpHandler http;
  SessionList admin_sessions;
  Tally admin_tally;
  SessionHost admin_host{.config = config,
                         .list = admin_sessions,
                         .tally = admin_tally,
                         .listener = Listener::admin,
                         .http = &http};
  Deadlines admin_deadlines{io, admin_sessions, config};
  std::unique_ptr<Acceptor> admin_acceptor;
  std::uint16_t port = 0;      // kept, as the admin port: an acceptor closing is no time to ask
  std::string admin_endpoint;  // kept: the acceptor forgets its address once closed
  std::uint16_t admin_port = 0;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard{
      io.get_executor()};
  std::vector<std::thread> io_threads;
  bool started = false;
  bool stopped = false;
};

void Server::Impl::run() {
  for (;;) {
    try {
      run_handlers();
      return;
    } catch (const std::exception& e) {
      // A handler must never end the thread: log, and go on serving the other sessions.
      log::error(log::handler_exception, "unexpected error on an I/O thread: {}", e.what());
    }
  }
}

void Server::Impl::run_handlers() {
  const std::chrono::microseconds busy_poll(threads.busy_poll_us);
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

Server::Server(const Listen& listen, const Threads& threads,
               std::shared_ptr<const LiveConfig> config, Admin admin)
    : impl_(std::make_unique<Impl>(threads, std::move(config),
                                   admin.http ? std::move(admin.http) : not_found)) {
  std::uint16_t port = listen.port;
  for (const int descriptor : listen.adopted) {
    impl_->acceptors.push_back(std::make_unique<Acceptor>(impl_->io, descriptor, impl_->host));
  }
  if (listen.adopted.empty()) {
    for (const std::string& address : listen.addresses) {
      auto acceptor = std::make_unique<Acceptor>(impl_->io, address, port, impl_->host);
      port = acceptor->local_endpoint().port();  // with port 0, every address gets the same port
      impl_->acceptors.push_back(std::move(acceptor));
    }
  } else {
    port = impl_->acceptors.front()->local_endpoint().port();
  }
  impl_->port = port;
  if (admin.enabled()) {
    impl_->admin_acceptor =
        admin.adopted >= 0
            ? std::make_unique<Acceptor>(impl_->io, admin.adopted, impl_->admin_host)
            : std::make_unique<Acceptor>(impl_->io, admin.address, admin.port, impl_->admin_host);
    const auto endpoint = impl_->admin_acceptor->local_endpoint();
    impl_->admin_endpoint = to_peer(endpoint).to_string();
    impl_->admin_port = endpoint.port();
  }
}

Server::~Server() {
  stop();
}

std::vector<std::string> Server::endpoints() const {
  std::vector<std::string> result;
  for (const auto& acceptor : impl_->acceptors) {
    result.push_back(to_peer(acceptor->local_endpoint()).to_string());
  }
  return result;
}

std::uint16_t Server::port() const {
  return impl_->acceptors.empty() ? 0 : impl_->port;
}

std::string Server::admin_endpoint() const {
  return impl_->admin_endpoint;
}

std::uint16_t Server::admin_port() const {
  return impl_->admin_port;
}

std::size_t Server::sessions() const {
  return impl_->sessions.size();
}

void Server::every(std::chrono::steady_clock::duration period, std::function<void()> task) {
  auto& tickers = impl_->tickers;
  auto ticker = std::find_if(tickers.begin(), tickers.end(),
                             [period](const auto& t) { return t->period() == period; });
  if (ticker == tickers.end()) {
    tickers.push_back(std::make_unique<Ticker>(impl_->tick_strand, period));
    ticker = std::prev(tickers.end());
  }
  (*ticker)->add(std::move(task));
}

void Server::start() {
  impl_->started = true;
  impl_->deadlines.start();
  for (const auto& ticker : impl_->tickers) ticker->start();
  for (const auto& acceptor : impl_->acceptors) acceptor->start();
  if (impl_->admin_acceptor) {
    impl_->admin_deadlines.start();
    impl_->admin_acceptor->start();
  }
  for (unsigned i = 0; i < impl_->threads.count; ++i) {
    impl_->io_threads.emplace_back([this, i] {
      use_thread_counters(impl_->counters[i]);
      impl_->run();
    });
  }
}

std::size_t Server::update(std::shared_ptr<const LiveConfig> config) {
  const AddressRules access = config->access;
  const Limits limits = config->limits;
  impl_->config.publish(std::move(config));
  impl_->sessions.count_clients(limits);  // the admin port has no per-client limits
  if (access.empty()) return 0;
  // A session admitted under the old config but listed after this walk decides the new
  // rules in its start(). The rules are the admin port's too.
  const auto denied = [&access](const Session& session) {
    return !access.decide(session.peer()).admitted;
  };
  const auto revoke = [](Session& session) { session.revoke(); };
  return impl_->sessions.post_to_each(denied, revoke) +
         impl_->admin_sessions.post_to_each(denied, revoke);
}

Stats Server::stats() const {
  const auto read = [](const std::atomic<std::uint64_t>& counter) {
    return counter.load(std::memory_order_relaxed);
  };
  const Tally& tally = impl_->tally;
  const Tally& admin = impl_->admin_tally;
  Stats stats{.sessions = impl_->sessions.size(),
              .admin_sessions = impl_->admin_sessions.size(),
              .clients = impl_->sessions.clients(),
              .accepted = read(tally.accepted),
              .admin_accepted = read(admin.accepted)};
  for (std::size_t i = 0; i < kRefusals; ++i) {
    stats.refused[i] = read(tally.refused[i]) + read(admin.refused[i]);
  }
  for (std::size_t i = 0; i < kClosings; ++i) {
    stats.closed[i] = read(tally.closed[i]) + read(admin.closed[i]);
  }
  stats.accept_paused_s =
      static_cast<double>(read(tally.accept_paused_ns) + read(admin.accept_paused_ns)) / 1e9;
  for (unsigned i = 0; i < impl_->threads.count; ++i) {
    const ThreadCounters& thread = impl_->counters[i];
    stats.received_bytes += read(thread.received_bytes);
    stats.sent_bytes += read(thread.sent_bytes);
    stats.held_back += read(thread.held_back);
  }
  return stats;
}

void Server::stop() {
  if (!impl_->started || impl_->stopped) return;
  impl_->stopped = true;
  for (const auto& ticker : impl_->tickers) ticker->stop();
  // Each drain begins once its listeners are closed, so that it serves every client they
  // took; the admin listener closes last: an operator watches the drain through it.
  Impl* impl = impl_.get();
  close_all(impl->acceptors, [impl] {
    impl->deadlines.drain([impl] {
      auto drain_admin = [impl] { impl->admin_deadlines.drain(); };
      if (!impl->admin_acceptor) return drain_admin();
      impl->admin_acceptor->close(drain_admin);
    });
  });
  impl_->guard.reset();  // the threads end once the sessions and timers are gone
  for (auto& thread : impl_->io_threads) thread.join();
  impl_->config.collect();
}

}  // namespace jamd::core
