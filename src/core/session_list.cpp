#include "core/session_list.hpp"

#include <vector>

#include <boost/asio/post.hpp>

#include "core/session.hpp"

namespace jamd::core {

SessionList::Admission SessionList::admit_client(const Peer& peer, const Limits& limits,
                                                 std::optional<ClientKey>& counted_for) {
  keep_buckets_ = limits.new_connections_per_client_per_s > 0;
  if (limits.max_connections_per_client == 0 && !keep_buckets_) return Admission::admitted;
  const ClientKey client = client_key(peer, limits.ipv6_client_prefix);
  switch (clients_.admit(client, coarse_steady_now(), limits)) {
    case ClientTable::Verdict::too_many:
      return Admission::per_client_limit;
    case ClientTable::Verdict::too_fast:
      return Admission::per_client_rate;
    case ClientTable::Verdict::admitted:
      break;
  }
  counted_for = client;
  return Admission::admitted;
}

std::size_t SessionList::clients() const {
  const std::lock_guard lock(mutex_);
  return clients_.size();
}

void SessionList::link(Session& session, const std::optional<ClientKey>& counted_for) {
  session.counted_for = counted_for;
  sessions_.push_back(session);
  size_.store(size() + 1, std::memory_order_relaxed);
}

void SessionList::remove(Session& session) {
  const std::lock_guard lock(mutex_);
  if (!session.is_linked()) return;
  session.unlink();
  if (session.counted_for) clients_.release(*session.counted_for, keep_buckets_);
  size_.store(size() - 1, std::memory_order_relaxed);
  check_empty();
}

void SessionList::count_clients(const Limits& limits) {
  const std::lock_guard lock(mutex_);
  keep_buckets_ = limits.new_connections_per_client_per_s > 0;
  if (limits.max_connections_per_client == 0 && !keep_buckets_) return;
  const auto now = coarse_steady_now();
  for (Session& session : sessions_) {
    if (session.counted_for) continue;
    session.counted_for = client_key(session.peer(), limits.ipv6_client_prefix);
    clients_.count_open(*session.counted_for, now, limits);
  }
}

SessionList::Arrival::Arrival(SessionList& list) : list_(&list) {
  const std::lock_guard lock(list.mutex_);
  ++list.arrivals_;
}

SessionList::Arrival::~Arrival() {
  if (list_ == nullptr) return;  // moved from
  const std::lock_guard lock(list_->mutex_);
  --list_->arrivals_;
  list_->check_empty();
}

void SessionList::check_empty() {
  if (draining() && size() == 0 && arrivals_ == 0 && when_empty_) std::exchange(when_empty_, {})();
}

std::size_t SessionList::post_to_each(const std::function<bool(const Session&)>& wanted,
                                      const std::function<void(Session&)>& action) {
  std::vector<std::shared_ptr<Session>> chosen;
  {
    const std::lock_guard lock(mutex_);
    for (Session& session : sessions_) {
      if (!wanted(session)) continue;
      if (auto alive = session.weak_from_this().lock()) chosen.push_back(std::move(alive));
    }
  }
  for (auto& session : chosen) {
    const auto executor = session->executor();
    boost::asio::post(executor, [session = std::move(session), action] { action(*session); });
  }
  return chosen.size();
}

std::size_t SessionList::drain(std::function<void()> when_empty) {
  const std::lock_guard lock(mutex_);
  draining_.store(true, std::memory_order_relaxed);
  when_empty_ = std::move(when_empty);
  return size() + arrivals_;
}

}  // namespace jamd::core
