#pragma once

// Internal to the core: what the session list knows of each client, for the per-client
// limits: its sessions open and its bucket of new connections. Sans-I/O, and not thread-safe:
// the session list calls it under its lock, at admission and as a session goes, never per
// request.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <unordered_map>

#include "core/limits.hpp"
#include "core/peer.hpp"

namespace jamd::core {

/// One client: an IPv4 address, or an IPv6 address cut to limits.ipv6_client_prefix bits.
using ClientKey = std::array<std::uint8_t, 16>;

/// The client `peer` belongs to, under `ipv6_prefix` (0-128) for IPv6 addresses.
ClientKey client_key(const Peer& peer, unsigned ipv6_prefix);

/// Per-client counts, bounded: a client with sessions open is always held (there are at most
/// max_connections of them), and of those without, at most kMaxIdle, the least recently seen
/// going first. A client without sessions is held only for its bucket of new connections,
/// which is full again a second after its last connection (1/rate seconds at a rate below
/// 1): dropping it then loses nothing, and dropping it sooner lets it connect a little early,
/// never anyone else.
class ClientTable {
 public:
  using Clock = std::chrono::steady_clock;

  /// Clients without sessions held at most: a flood from many addresses holds this many.
  static constexpr std::size_t kMaxIdle = 4096;

  enum class Verdict { admitted, too_many, too_fast };

  /// Counts a new session of `client` at `now` if `limits` let it in (max_connections_per_
  /// client, new_connections_per_client_per_s; 0 switches either off). Call release() with
  /// the same key for every session admitted.
  Verdict admit(const ClientKey& client, Clock::time_point now, const Limits& limits);
  /// A session of `client` that admit() counted is gone. `keep_bucket`: a rate of new
  /// connections is configured, so a client without sessions is still held for it.
  void release(const ClientKey& client, bool keep_bucket);
  /// Counts a session of `client` that is open already, unchecked: one admitted before a
  /// reload turned the per-client limits on. Released as admit()'s are.
  void count_open(const ClientKey& client, Clock::time_point now, const Limits& limits);

  /// Clients held right now.
  std::size_t size() const { return clients_.size(); }

 private:
  struct KeyHash {
    std::size_t operator()(const ClientKey& key) const;
  };
  struct Client {
    std::size_t open = 0;
    double tokens = 0;  ///< new connections it may open at once
    Clock::time_point refilled{};
    std::list<ClientKey>::iterator idle;  ///< its place in idle_, when open == 0
  };

  using Clients = std::unordered_map<ClientKey, Client, KeyHash>;

  /// `client`'s entry, made with a full bucket at `now` if it had none, and taken out of
  /// idle_ if it rested there.
  Clients::iterator hold(const ClientKey& client, Clock::time_point now, const Limits& limits);
  /// Puts a client without sessions at the young end of idle_, dropping the oldest past
  /// kMaxIdle; or drops it at once when no bucket is kept.
  void rest(Clients::iterator client, bool keep);

  Clients clients_;
  std::list<ClientKey> idle_;  // clients without sessions, oldest first
};

}  // namespace jamd::core
