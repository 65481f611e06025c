#include "core/session_list.hpp"

#include <vector>

#include <boost/asio/post.hpp>

#include "core/session.hpp"

namespace jamd::core {

void SessionList::link(Session& session) {
  sessions_.push_back(session);
  size_.store(size() + 1, std::memory_order_relaxed);
}

void SessionList::remove(Session& session) {
  const std::lock_guard lock(mutex_);
  if (!session.is_linked()) return;
  session.unlink();
  size_.store(size() - 1, std::memory_order_relaxed);
  if (draining_ && size() == 0 && when_empty_) when_empty_();
}

void SessionList::post_to_each(const std::function<bool(const Session&)>& wanted,
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
}

std::size_t SessionList::drain(std::function<void()> when_empty) {
  const std::lock_guard lock(mutex_);
  draining_ = true;
  when_empty_ = std::move(when_empty);
  return size();
}

}  // namespace jamd::core
