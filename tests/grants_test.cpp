// Grants (src/core/grants.hpp): which command indexes one session may run, every index
// without storage, and exactly those granted once filled.
#include "core/grants.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <set>

namespace jamd::core {
namespace {

TEST(Grants, ByDefaultGrantEveryIndex) {
  const Grants grants;
  EXPECT_TRUE(grants.all());
  for (const std::size_t i : {0u, 1u, 63u, 64u, 1000u}) EXPECT_TRUE(grants.allows(i)) << i;
}

// Across word boundaries: 130 indexes take three words.
TEST(Grants, GrantOnlyTheIndexesGranted) {
  const std::set<std::size_t> granted = {0, 5, 63, 64, 127, 129};
  Grants grants;
  grants.grant_only(130, [&](std::size_t i) { return granted.contains(i); });
  EXPECT_FALSE(grants.all());
  for (std::size_t i = 0; i < 130; ++i) EXPECT_EQ(grants.allows(i), granted.contains(i)) << i;
  EXPECT_FALSE(grants.allows(130));  // past the count: not granted
  EXPECT_FALSE(grants.allows(100000));
}

TEST(Grants, GrantingNoneIsNotGrantingAll) {
  for (const std::size_t count : {1u, 63u, 64u, 65u}) {
    Grants grants;
    grants.grant_only(count, [](std::size_t) { return false; });
    EXPECT_FALSE(grants.all()) << count;
    for (std::size_t i = 0; i < count; ++i) EXPECT_FALSE(grants.allows(i)) << count << " " << i;
  }
}

// Granting every index is "all", so that the check per line is the one without rules.
TEST(Grants, GrantingEveryIndexIsAll) {
  Grants grants;
  grants.grant_only(70, [](std::size_t) { return true; });
  EXPECT_TRUE(grants.all());
}

TEST(Grants, FillingAgainReplacesWhatTheyHeld) {
  Grants grants;
  grants.grant_only(3, [](std::size_t i) { return i == 1; });
  grants.grant_only(3, [](std::size_t i) { return i == 2; });
  EXPECT_FALSE(grants.allows(1));
  EXPECT_TRUE(grants.allows(2));
  grants.grant_all();
  EXPECT_TRUE(grants.all());
  EXPECT_TRUE(grants.allows(0));
}

}  // namespace
}  // namespace jamd::core
