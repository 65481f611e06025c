// LiveConfigSlot: which config a snapshot sees, and when and where an old one is destroyed.

#include "core/live_config_slot.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace jamd::core {
namespace {

/// A dispatcher that records the thread that destroyed it.
class Marker final : public Dispatcher {
 public:
  Marker(std::string name, std::optional<std::thread::id>& destroyed_on)
      : name_(std::move(name)), destroyed_on_(destroyed_on) {}
  ~Marker() override { destroyed_on_ = std::this_thread::get_id(); }

  Outcome dispatch(const Context&, std::string_view, std::string& out) const override {
    out.append(name_);
    return {};
  }

 private:
  std::string name_;
  std::optional<std::thread::id>& destroyed_on_;
};

std::shared_ptr<const LiveConfig> config(std::string name,
                                         std::optional<std::thread::id>& destroyed_on) {
  return std::make_shared<const LiveConfig>(
      LiveConfig{{}, std::make_shared<Marker>(std::move(name), destroyed_on), {}, {}, {}});
}

/// What a snapshot of `slot` taken on this thread answers.
std::string seen(const LiveConfigSlot& slot) {
  static const Peer peer{};
  std::string out;
  slot.take()->dispatcher->dispatch(Context{peer}, "", out);
  return out;
}

/// Runs `body` on a thread of its own. Every test takes its snapshots there, since a thread
/// keeps the config of its last snapshot until it ends, and the slot must outlive it.
void on_a_thread(const std::function<void()>& body) {
  std::thread(body).join();
}

/// seen(), on a thread of its own.
std::string seen_elsewhere(const LiveConfigSlot& slot) {
  std::string result;
  std::thread([&] { result = seen(slot); }).join();
  return result;
}

TEST(LiveConfigSlot, SnapshotsTakenAfterAPublishSeeTheNewConfig) {
  std::optional<std::thread::id> first_gone, second_gone;
  LiveConfigSlot slot(config("first", first_gone));
  on_a_thread([&] {
    EXPECT_EQ(seen(slot), "first");
    slot.publish(config("second", second_gone));
    EXPECT_EQ(seen(slot), "second");
    EXPECT_EQ(seen_elsewhere(slot), "second");
  });
}

TEST(LiveConfigSlot, AHeldSnapshotKeepsItsConfigAcrossAPublish) {
  std::optional<std::thread::id> first_gone, second_gone;
  LiveConfigSlot slot(config("first", first_gone));
  on_a_thread([&] {
    const auto held = slot.take();
    slot.publish(config("second", second_gone));
    slot.collect();
    EXPECT_FALSE(first_gone.has_value());
    std::string out;
    held->dispatcher->dispatch(Context{Peer{}}, "", out);
    EXPECT_EQ(out, "first");
    EXPECT_EQ(seen(slot), "first") << "a nested snapshot must not move this thread on";
    EXPECT_EQ(seen_elsewhere(slot), "second");
  });
}

TEST(LiveConfigSlot, AnOldConfigIsDestroyedByCollectOnceNoThreadHoldsIt) {
  std::optional<std::thread::id> first_gone, second_gone;
  LiveConfigSlot slot(config("first", first_gone));
  on_a_thread([&] {
    EXPECT_EQ(seen(slot), "first");  // this thread now keeps "first"
    slot.publish(config("second", second_gone));
    slot.collect();
    EXPECT_FALSE(first_gone.has_value()) << "this thread has not taken a snapshot since";
    EXPECT_EQ(seen(slot), "second");  // moves this thread on
    EXPECT_FALSE(first_gone.has_value()) << "destroyed before collect()";
    std::thread::id collector;
    std::thread([&] {
      collector = std::this_thread::get_id();
      slot.collect();
    }).join();
    EXPECT_EQ(first_gone, collector);
    EXPECT_FALSE(second_gone.has_value());
  });
}

// A session tells by the version that its dispatcher changed: one number per config,
// never 0, the same for every snapshot of it, and new on every publish, in any slot.
TEST(LiveConfigSlot, EachConfigHasItsOwnVersion) {
  std::optional<std::thread::id> gone;
  LiveConfigSlot slot(config("first", gone));
  LiveConfigSlot other(config("other", gone));
  on_a_thread([&] {
    std::uint64_t first = 0;
    {
      const auto a = slot.take();
      const auto b = slot.take();
      first = a.version();
      EXPECT_NE(first, 0u);
      EXPECT_EQ(b.version(), first);
      slot.publish(config("second", gone));
      EXPECT_EQ(slot.take().version(), first) << "a held snapshot keeps this thread's config";
    }
    const std::uint64_t second = slot.take().version();
    EXPECT_NE(second, first);
    slot.publish(config("third", gone));
    EXPECT_NE(slot.take().version(), second);
    EXPECT_NE(slot.take().version(), first);
  });
  const auto versions_of = [](const LiveConfigSlot& s) {
    std::uint64_t version = 0;
    std::thread([&] { version = s.take().version(); }).join();
    return version;
  };
  EXPECT_NE(versions_of(other), versions_of(slot));
}

TEST(LiveConfigSlot, TheDestructorDestroysEveryConfigLeft) {
  std::optional<std::thread::id> first_gone, second_gone;
  {
    LiveConfigSlot slot(config("first", first_gone));
    EXPECT_EQ(seen_elsewhere(slot), "first");  // kept by a thread that has ended
    slot.publish(config("second", second_gone));
  }
  EXPECT_EQ(first_gone, std::this_thread::get_id());
  EXPECT_EQ(second_gone, std::this_thread::get_id());
}

}  // namespace
}  // namespace jamd::core
