#pragma once

// The network core's entry point: src/app builds one Server, starts it, passes it each
// reloaded LiveConfig and stops it. No Asio type reaches past this header.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/http_handler.hpp"
#include "core/live_config.hpp"
#include "core/tally.hpp"

namespace jamd::core {

/// Where the server listens: addresses it binds, or listening sockets it is handed (by a
/// service manager's socket activation, say). Changing it needs a restart.
struct Listen {
  std::vector<std::string> addresses;  ///< IP addresses; "::" listens on IPv6 and IPv4
  std::uint16_t port = 0;              ///< 0 picks a free port
  /// Listening TCP sockets to adopt instead: when not empty, `addresses` and `port` are unused.
  std::vector<int> adopted{};

  bool operator==(const Listen&) const = default;
};

/// The operator's listener: a port of its own, with its own sessions and connection cap
/// (LiveConfig::admin), which serves the admin dispatcher's commands and HTTP, stays open
/// while the public port drains, and closes last. Changing it needs a restart.
struct Admin {
  std::string address;     ///< an IP address; empty: no admin listener (unless `adopted`)
  std::uint16_t port = 0;  ///< 0 picks a free port
  HttpHandler http;        ///< answers its HTTP requests; empty: every path is 404
  int adopted = -1;        ///< a listening TCP socket to adopt instead of binding address:port

  bool enabled() const { return adopted >= 0 || !address.empty(); }
};

/// The I/O threads, already resolved (src/app chooses them); changing them needs a restart.
struct Threads {
  unsigned count = 1;         ///< at least 1
  unsigned busy_poll_us = 0;  ///< how long an idle thread polls before it sleeps; 0 = never

  bool operator==(const Threads&) const = default;
};

/// What the server has counted since it started; the counters only go up. Refusals, closes,
/// bytes and pauses are those of both listeners.
struct Stats {
  std::size_t sessions = 0;                        ///< open on the public port right now
  std::size_t admin_sessions = 0;                  ///< open on the admin port right now
  std::size_t clients = 0;                         ///< held by the per-client limits right now
  std::uint64_t accepted = 0;                      ///< sessions admitted on the public port
  std::uint64_t admin_accepted = 0;                ///< sessions admitted on the admin port
  std::array<std::uint64_t, kRefusals> refused{};  ///< by Refusal
  std::array<std::uint64_t, kClosings> closed{};   ///< by Closing
  std::uint64_t received_bytes = 0;
  std::uint64_t sent_bytes = 0;
  std::uint64_t held_back = 0;  ///< times a session's replies waited for its client to read
  double accept_paused_s = 0;   ///< time accepting was paused for want of descriptors

  std::uint64_t refusals(Refusal reason) const { return refused[static_cast<std::size_t>(reason)]; }
  std::uint64_t closes(Closing reason) const { return closed[static_cast<std::size_t>(reason)]; }
};

/// The TCP core: listening sockets, a pool of I/O threads, one session per client. It hands
/// each request line to the LiveConfig's dispatcher and never knows a command by name.
class Server {
 public:
  /// Binds every address (or adopts the sockets `listen` holds), and the admin listener's if
  /// `admin` names one; throws std::runtime_error naming the address or socket that failed.
  Server(const Listen& listen, const Threads& threads, std::shared_ptr<const LiveConfig> config,
         Admin admin = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// The bound addresses as "address:port" ("[::1]:45000" for IPv6), the real port shown.
  std::vector<std::string> endpoints() const;

  /// The bound port (useful when Listen::port was 0). Thread-safe, even while stopping.
  std::uint16_t port() const;
  /// The admin listener's bound address as "address:port", or "" without one.
  std::string admin_endpoint() const;
  /// The admin listener's bound port, or 0 without one. Thread-safe, even while stopping.
  std::uint16_t admin_port() const;

  /// Runs `task` every `period` on an I/O thread, from start() until stop(), never two tasks
  /// (of any period) at once: for work outside the core that needs a tick, such as reading
  /// the kernel's clock state. A task that stops running tells that the I/O threads are
  /// wedged. Call before start(). `task` must not block; an exception it throws is logged,
  /// and the next tick runs it again.
  void every(std::chrono::steady_clock::duration period, std::function<void()> task);
  /// every() with a period of one second.
  void every_second(std::function<void()> task) { every(std::chrono::seconds(1), std::move(task)); }

  /// Starts the I/O threads; returns at once.
  void start();

  /// Puts `config` in effect for every batch of lines read from now on, in every session;
  /// lines read before may be answered under either. A session whose address its access
  /// rules deny is sent the access-denied error after its current batch and closed: returns
  /// how many. Thread-safe.
  std::size_t update(std::shared_ptr<const LiveConfig> config);

  /// Stops accepting on the public port, admitting first the clients in its listen queue,
  /// and drains its sessions: each is served until it has answered its next line, and closes
  /// then; those left at the drain deadline are cut off. Only then does the same to the admin
  /// listener, which serves on meanwhile. Returns once every I/O thread has ended. Call once,
  /// from one thread.
  void stop();

  /// Open sessions of the public port right now. Thread-safe.
  std::size_t sessions() const;
  /// The counters, each read once. Thread-safe.
  Stats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jamd::core
