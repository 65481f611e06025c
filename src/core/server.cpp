#include "core/server.hpp"

#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "core/acceptor.hpp"
#include "core/deadlines.hpp"
#include "core/live_config_slot.hpp"
#include "core/session.hpp"
#include "core/session_list.hpp"
#include "core/thread_counters.hpp"
#include "core/ticker.hpp"
#include "log/log.hpp"

namespace jamd::core {

// Members in the order they depend on each other: destroyed in reverse, so the io_context
// goes last, and the config slot after every session and timer that reads it.
struct Server::Impl {
  Impl(const Threads& threads, std::shared_ptr<const LiveConfig> first)
      : threads(threads),
        io(static_cast<int>(threads.count)),
        config(std::move(first)),
        counters(std::make_unique<ThreadCounters[]>(threads.count)) {}

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
  Ticker ticker{io};
  std::vector<std::unique_ptr<Acceptor>> acceptors;
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
               std::shared_ptr<const LiveConfig> config)
    : impl_(std::make_unique<Impl>(threads, std::move(config))) {
  std::uint16_t port = listen.port;
  for (const std::string& address : listen.addresses) {
    auto acceptor = std::make_unique<Acceptor>(impl_->io, address, port, impl_->host);
    port = acceptor->local_endpoint().port();  // with port 0, every address gets the same port
    impl_->acceptors.push_back(std::move(acceptor));
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
  return impl_->acceptors.empty() ? 0 : impl_->acceptors.front()->local_endpoint().port();
}

std::size_t Server::sessions() const {
  return impl_->sessions.size();
}

void Server::every_second(std::function<void()> task) {
  impl_->ticker.add(std::move(task));
}

void Server::start() {
  impl_->started = true;
  impl_->deadlines.start();
  impl_->ticker.start();
  for (const auto& acceptor : impl_->acceptors) acceptor->start();
  for (unsigned i = 0; i < impl_->threads.count; ++i) {
    impl_->io_threads.emplace_back([this, i] {
      use_thread_counters(impl_->counters[i]);
      impl_->run();
    });
  }
}

std::size_t Server::update(std::shared_ptr<const LiveConfig> config) {
  const AddressRules access = config->access;
  impl_->config.publish(std::move(config));
  if (access.empty()) return 0;
  // A session admitted under the old config but listed after this walk decides the new
  // rules in its start().
  return impl_->sessions.post_to_each(
      [&access](const Session& session) { return !access.decide(session.peer()).admitted; },
      [](Session& session) { session.revoke(); });
}

Stats Server::stats() const {
  const auto read = [](const std::atomic<std::uint64_t>& counter) {
    return counter.load(std::memory_order_relaxed);
  };
  const Tally& tally = impl_->tally;
  Stats stats{.sessions = impl_->sessions.size(),
              .clients = impl_->sessions.clients(),
              .accepted = read(tally.accepted)};
  for (std::size_t i = 0; i < kRefusals; ++i) stats.refused[i] = read(tally.refused[i]);
  for (std::size_t i = 0; i < kClosings; ++i) stats.closed[i] = read(tally.closed[i]);
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
  for (const auto& acceptor : impl_->acceptors) acceptor->close();
  impl_->ticker.stop();
  impl_->deadlines.drain();
  impl_->guard.reset();  // the threads end once the sessions and timers are gone
  for (auto& thread : impl_->io_threads) thread.join();
  impl_->config.collect();
}

}  // namespace jamd::core
