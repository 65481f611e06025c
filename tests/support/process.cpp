#include "support/process.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>

namespace jamd::test {

namespace {

/// The name of a "NAME=value" entry.
std::string_view name_of(std::string_view entry) {
  return entry.substr(0, entry.find('='));
}

/// Writes `number` in decimal at `out`, NUL-terminated: async-signal-safe, for a child
/// between fork and exec (no allocation).
void write_decimal(char* out, long number) {
  char digits[24];
  int count = 0;
  do {
    digits[count++] = static_cast<char>('0' + number % 10);
    number /= 10;
  } while (number > 0);
  for (int i = 0; i < count; ++i) out[i] = digits[count - 1 - i];
  out[count] = '\0';
}

}  // namespace

std::pair<pid_t, int> spawn(const std::string& program, const std::vector<std::string>& args,
                            const Launch& launch) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  std::vector<char*> argv{const_cast<char*>(program.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  // The environment, built before the fork: the child may only write into it.
  std::vector<std::string> added = launch.environment;
  const std::string pid_prefix = "LISTEN_PID=";
  if (!launch.listen_fds.empty()) {
    added.push_back("LISTEN_FDS=" + std::to_string(launch.listen_fds.size()));
    added.push_back(pid_prefix + std::string(23, ' '));  // the child writes its pid here
  }
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const auto replaced = [entry](const std::string& a) { return name_of(a) == name_of(*entry); };
    if (std::none_of(added.begin(), added.end(), replaced)) environment.emplace_back(*entry);
  }
  environment.insert(environment.end(), added.begin(), added.end());
  std::vector<char*> envp;
  for (auto& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  char* listen_pid = launch.listen_fds.empty() ? nullptr : envp[envp.size() - 2];

  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::dup2(pipe_fds[1], STDERR_FILENO);
    if (launch.max_descriptors > 0) {
      const rlimit limit{launch.max_descriptors, launch.max_descriptors};
      if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) ::_exit(126);
    }
    // Out of the way first (a socket may already be 3 or 4), then into place without
    // FD_CLOEXEC, which dup2 clears.
    const std::size_t count = launch.listen_fds.size();
    int staged[16];
    if (count > 16) ::_exit(125);
    for (std::size_t i = 0; i < count; ++i) {
      staged[i] = ::fcntl(launch.listen_fds[i], F_DUPFD_CLOEXEC, 64);
      if (staged[i] < 0) ::_exit(125);
    }
    for (std::size_t i = 0; i < count; ++i) {
      if (::dup2(staged[i], 3 + static_cast<int>(i)) < 0) ::_exit(125);
    }
    if (listen_pid != nullptr) write_decimal(listen_pid + pid_prefix.size(), ::getpid());
    ::execvpe(program.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  if (pid < 0) throw std::runtime_error("fork");
  return {pid, pipe_fds[0]};
}

Jamd::Jamd(std::vector<std::string> args, Launch launch) {
  std::tie(pid_, log_fd_) = spawn(JAMD_BINARY, args, launch);
  reader_ = std::thread([this] {
    char chunk[4096];
    ssize_t n;
    while ((n = ::read(log_fd_, chunk, sizeof chunk)) > 0) {
      const std::lock_guard lock(mutex_);
      log_.append(chunk, static_cast<std::size_t>(n));
    }
  });
  if (!launch.wait_listening) return;
  if (!wait_for_log("listening on ", 10s))
    throw std::runtime_error("jamd did not start:\n" + log());
  std::smatch match;
  const std::string text = log();
  // Not the admin listener's line, which ends alike.
  if (!std::regex_search(text, match, std::regex(R"((^|[^n]) listening on \S+:(\d+))"))) {
    throw std::runtime_error("no port in the log:\n" + text);
  }
  port_ = static_cast<std::uint16_t>(std::stoi(match[2]));
}

std::uint16_t Jamd::admin_port() const {
  if (!wait_for_log("admin listening on ", 10s)) {
    throw std::runtime_error("jamd logged no admin listener:\n" + log());
  }
  std::smatch match;
  const std::string text = log();
  if (!std::regex_search(text, match, std::regex(R"(admin listening on \S+:(\d+))"))) {
    throw std::runtime_error("no admin port in the log:\n" + text);
  }
  return static_cast<std::uint16_t>(std::stoi(match[1]));
}

Jamd::~Jamd() {
  // A clean exit lets the sanitizers' end-of-run checks (leaks, say) report too.
  if (!reaped_) {
    signal(SIGTERM);
    wait_exit(20s);
  }
  if (!reaped_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (reader_.joinable()) reader_.join();
  ::close(log_fd_);
  for (const char* report : {"Sanitizer", "runtime error:"}) {
    if (log_.find(report) != std::string::npos) ADD_FAILURE() << "jamd reported:\n" << log_;
  }
}

void Jamd::signal(int number) const {
  ::kill(pid_, number);
}

std::optional<int> Jamd::wait_exit(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      reaped_ = true;
      // The reader may not have read jamd's last lines yet: it has them all once the pipe
      // ends, which it does now that jamd is gone.
      reader_.join();
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      return std::nullopt;
    }
    std::this_thread::sleep_for(10ms);
  }
  return std::nullopt;
}

bool Jamd::wait_for_log(const std::string& text, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  do {
    if (log().find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(10ms);
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

std::string Jamd::log() const {
  const std::lock_guard lock(mutex_);
  return log_;
}

Outcome capture(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen");
  std::string output;
  char chunk[4096];
  while (const std::size_t n = std::fread(chunk, 1, sizeof chunk, pipe)) output.append(chunk, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

Outcome run_jamd(const std::vector<std::string>& args) {
  std::string command = "timeout 10 " JAMD_BINARY;
  for (const auto& arg : args) command += " '" + arg + "'";
  return capture(command + " 2>&1");
}

std::string temp_file(const std::string& text, const std::string& name) {
  std::string pattern = (std::filesystem::temp_directory_path() / "jamd-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
  const std::string path = pattern + "/" + name;
  std::ofstream(path) << text;
  return path;
}

std::string config_text(const std::string& extra) {
  std::string text = R"({"port": 0, "bind": "127.0.0.1", "threads": 2)";
  // The tests name the commands they talk to, so that a command added to the shipped
  // defaults changes none of them.
  if (extra.find("\"commands\"") == std::string::npos) {
    text += R"(, "commands": [{"name": "TIME", "type": "time"}, {"name": "QUIT", "type": "quit"},)"
            R"( {"name": "HELP", "type": "help"}])";
  }
  return text + (extra.empty() ? "" : ", " + extra) + "}";
}

std::vector<std::string> with_config(const std::string& extra) {
  return {"--config", temp_file(config_text(extra))};
}

}  // namespace jamd::test
