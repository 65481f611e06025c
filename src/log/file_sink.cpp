#include "log/file_sink.hpp"

#include <cerrno>
#include <utility>

#include <spdlog/common.h>
#include <spdlog/details/os.h>

namespace jamd::log {
namespace {

/// `path` opened to append to ("e": not inherited by programs a plugin may start), its
/// folder made first; nullptr with errno set when it cannot be.
std::FILE* open_file(const std::string& path) {
  spdlog::details::os::create_dir(spdlog::details::os::dir_name(path));
  return std::fopen(path.c_str(), "abe");
}

}  // namespace

FileSink::FileSink(std::string path) : path_(std::move(path)), file_(open_file(path_)) {
  if (file_ == nullptr) {
    spdlog::throw_spdlog_ex("Failed opening file " + path_ + " for writing", errno);
  }
}

FileSink::~FileSink() {
  std::fclose(file_);
}

std::error_code FileSink::reopen() {
  // Opened before the lock is taken, so that the lines of other threads wait only for the
  // switch; the old file is closed after it, by this thread alone, since no line can reach
  // it any more. Closing flushes what it buffered into it.
  std::FILE* other = open_file(path_);
  if (other == nullptr) return {errno, std::generic_category()};
  {
    const std::lock_guard lock(mutex_);
    std::swap(file_, other);
  }
  std::fclose(other);
  return {};
}

void FileSink::sink_it_(const spdlog::details::log_msg& msg) {
  spdlog::memory_buf_t line;
  formatter_->format(msg, line);
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size()) {
    spdlog::throw_spdlog_ex("Failed writing to file " + path_, errno);
  }
}

void FileSink::flush_() {
  if (std::fflush(file_) != 0) spdlog::throw_spdlog_ex("Failed flush to file " + path_, errno);
}

}  // namespace jamd::log
