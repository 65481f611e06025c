#include "core/client_table.hpp"

#include <algorithm>
#include <cstring>

namespace jamd::core {

ClientKey client_key(const Peer& peer, unsigned ipv6_prefix) {
  ClientKey key = peer.address;
  if (peer.is_v4()) return key;
  const unsigned bits = std::min(ipv6_prefix, 128U);
  const unsigned whole = bits / 8;
  if (whole < key.size()) {
    key[whole] &= static_cast<std::uint8_t>(0xff00U >> (bits % 8));
    std::fill(key.begin() + whole + 1, key.end(), 0);
  }
  return key;
}

std::size_t ClientTable::KeyHash::operator()(const ClientKey& key) const {
  // The addresses of one network share their first bytes: mix the last 8, which differ.
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  std::memcpy(&high, key.data(), 8);
  std::memcpy(&low, key.data() + 8, 8);
  return std::hash<std::uint64_t>()(low * 0x9e3779b97f4a7c15ULL ^ high);
}

namespace {

/// The bucket's size: as many connections at once as a second allows, and at least one.
double burst_of(const Limits& limits) {
  return std::max(limits.new_connections_per_client_per_s, 1.0);
}

}  // namespace

ClientTable::Clients::iterator ClientTable::hold(const ClientKey& client, Clock::time_point now,
                                                 const Limits& limits) {
  auto [it, added] = clients_.try_emplace(client);
  if (added) {
    it->second.tokens = burst_of(limits);
    it->second.refilled = now;
  } else if (it->second.open == 0) {
    idle_.erase(it->second.idle);  // rested until now
  }
  return it;
}

ClientTable::Verdict ClientTable::admit(const ClientKey& client, Clock::time_point now,
                                        const Limits& limits) {
  const double rate = limits.new_connections_per_client_per_s;
  const auto it = hold(client, now, limits);
  Client& c = it->second;
  const double burst = burst_of(limits);
  Verdict verdict = Verdict::admitted;
  if (limits.max_connections_per_client > 0 && c.open >= limits.max_connections_per_client) {
    verdict = Verdict::too_many;
  } else if (rate > 0) {
    const std::chrono::duration<double> elapsed = now - c.refilled;
    c.tokens = std::min(burst, c.tokens + std::max(elapsed.count(), 0.0) * rate);
    c.refilled = now;
    if (c.tokens < 1) {
      verdict = Verdict::too_fast;
    } else {
      c.tokens -= 1;
    }
  }
  if (verdict == Verdict::admitted) {
    ++c.open;
  } else if (c.open == 0) {
    rest(it, rate > 0);
  }
  return verdict;
}

void ClientTable::release(const ClientKey& client, bool keep_bucket) {
  const auto it = clients_.find(client);
  if (it == clients_.end() || it->second.open == 0) return;
  if (--it->second.open == 0) rest(it, keep_bucket);
}

void ClientTable::count_open(const ClientKey& client, Clock::time_point now, const Limits& limits) {
  ++hold(client, now, limits)->second.open;
}

void ClientTable::rest(Clients::iterator client, bool keep) {
  if (!keep) {
    clients_.erase(client);
    return;
  }
  client->second.idle = idle_.insert(idle_.end(), client->first);
  if (idle_.size() > kMaxIdle) {
    clients_.erase(idle_.front());
    idle_.pop_front();
  }
}

}  // namespace jamd::core
