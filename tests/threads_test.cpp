// The thread rule: the CPU budget from the affinity mask and the cgroup v2 quota (over files
// the tests write), and the threads and busy polling chosen from it.

#include "app/threads.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace jamd::app {
namespace {

namespace fs = std::filesystem;
using ::testing::Optional;

/// A cgroup tree of the test's own: root/ is the mount, proc is /proc/self/cgroup.
class CgroupQuota : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("jamd-threads-test-" + std::to_string(getpid()) + "-" + test->name());
    fs::remove_all(dir_);
    fs::create_directories(root());
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  fs::path root() const { return dir_ / "root"; }
  fs::path proc() const { return dir_ / "cgroup"; }

  /// Writes /proc/self/cgroup with the v2 line for `cgroup` (and a v1 line before it).
  void in_cgroup(const std::string& cgroup) {
    std::ofstream(proc()) << "4:memory:/elsewhere\n0::" << cgroup << "\n";
  }
  /// Writes `text` as the cpu.max of `cgroup` ("" is the root).
  void cpu_max(const std::string& cgroup, const std::string& text) {
    const fs::path dir = root() / cgroup;
    fs::create_directories(dir);
    std::ofstream(dir / "cpu.max") << text << "\n";
  }
  std::optional<double> quota() const { return cgroup_cpu_quota(proc(), root()); }

  fs::path dir_;
};

TEST_F(CgroupQuota, IsTheQuotaOverThePeriod) {
  in_cgroup("/jamd.service");
  cpu_max("jamd.service", "150000 100000");
  EXPECT_THAT(quota(), Optional(1.5));
}

TEST_F(CgroupQuota, MaxMeansNoQuota) {
  in_cgroup("/jamd.service");
  cpu_max("jamd.service", "max 100000");
  EXPECT_EQ(quota(), std::nullopt);
}

TEST_F(CgroupQuota, IsTheSmallestAlongTheCgroupAndItsAncestors) {
  in_cgroup("/system.slice/jamd.service/inner");
  cpu_max("system.slice", "50000 100000");
  cpu_max("system.slice/jamd.service", "300000 100000");
  cpu_max("system.slice/jamd.service/inner", "max 100000");
  EXPECT_THAT(quota(), Optional(0.5));
  cpu_max("system.slice/jamd.service/inner", "20000 100000");
  EXPECT_THAT(quota(), Optional(0.2));
}

// In a container the process's cgroup is the root of its own namespace: "0::/".
TEST_F(CgroupQuota, IncludesTheMountRootItself) {
  in_cgroup("/");
  cpu_max("", "200000 100000");
  EXPECT_THAT(quota(), Optional(2.0));
}

TEST_F(CgroupQuota, IsNoneWithoutCgroupV2OrFiles) {
  EXPECT_EQ(quota(), std::nullopt);  // no /proc/self/cgroup at all
  std::ofstream(proc()) << "4:memory:/\n1:cpu:/\n";
  EXPECT_EQ(quota(), std::nullopt);  // cgroup v1 only
  in_cgroup("/a/b");
  EXPECT_EQ(quota(), std::nullopt);  // no cpu.max anywhere
  cpu_max("a", "garbage");
  EXPECT_EQ(quota(), std::nullopt);
}

TEST_F(CgroupQuota, NeverLooksAboveTheMount) {
  in_cgroup("/../..");
  std::ofstream(dir_ / "cpu.max") << "10000 100000\n";  // beside the mount, not in it
  EXPECT_EQ(quota(), std::nullopt);
}

TEST(CpuBudget, UsableIsTheAffinityCappedByTheQuotaRoundedUp) {
  EXPECT_EQ((CpuBudget{4, std::nullopt}).usable(), 4u);
  EXPECT_EQ((CpuBudget{64, 2.0}).usable(), 2u);
  EXPECT_EQ((CpuBudget{64, 1.5}).usable(), 2u);
  EXPECT_EQ((CpuBudget{64, 0.2}).usable(), 1u);
  EXPECT_EQ((CpuBudget{2, 8.0}).usable(), 2u);
  EXPECT_EQ((CpuBudget{0, std::nullopt}).usable(), 1u);
}

TEST(CpuBudget, OfThisProcessHasAtLeastOneCpu) {
  EXPECT_GE(cpu_budget().usable(), 1u);
}

TEST(ChooseThreads, ZeroMeansOnePerUsableCpuAndSaysWhy) {
  const ThreadChoice quota = choose_threads(0, 10, CpuBudget{2, 1.5});
  EXPECT_EQ(quota.threads.count, 2u);
  EXPECT_EQ(quota.reason, "threads 0: 2 CPUs in the affinity mask, cgroup quota 1.5 CPUs -> 2");
  const ThreadChoice mask = choose_threads(0, 10, CpuBudget{1, std::nullopt});
  EXPECT_EQ(mask.threads.count, 1u);
  EXPECT_EQ(mask.reason, "threads 0: 1 CPU in the affinity mask");
  EXPECT_EQ(choose_threads(0, 10, CpuBudget{64, 2.0}).threads.count, 2u);
}

TEST(ChooseThreads, AGivenCountIsKept) {
  const ThreadChoice choice = choose_threads(3, 10, CpuBudget{2, std::nullopt});
  EXPECT_EQ(choice.threads.count, 3u);
  EXPECT_EQ(choice.reason, "threads 3");
}

TEST(ChooseThreads, BusyPollingOnlyWhileAUsableCpuIsLeftOver) {
  EXPECT_EQ(choose_threads(1, 10, CpuBudget{2, std::nullopt}).threads.busy_poll_us, 10u);
  EXPECT_EQ(choose_threads(2, 10, CpuBudget{2, std::nullopt}).threads.busy_poll_us, 0u);
  EXPECT_EQ(choose_threads(0, 10, CpuBudget{2, std::nullopt}).threads.busy_poll_us, 0u);
  EXPECT_EQ(choose_threads(1, 10, CpuBudget{64, 1.5}).threads.busy_poll_us, 10u);
  EXPECT_EQ(choose_threads(2, 10, CpuBudget{64, 1.5}).threads.busy_poll_us, 0u);
  EXPECT_EQ(choose_threads(1, 0, CpuBudget{4, std::nullopt}).threads.busy_poll_us, 0u);
}

}  // namespace
}  // namespace jamd::app
